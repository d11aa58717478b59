using ModelGen.Analyzers.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests.Rules;

public class SmokeTests
{
    [Fact]
    public void Log1PIsReportedAndFixed()
    {
        Markup.Verify(Markup.InClass("public static double F(double x) => {|MG1014:Math.Log(1 + x)|};"));
        string fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass("public static double F(double x) => Math.Log(1 + x);"), "MG1014");
        Assert.Contains("StableMath.Log1P(x)", fixedSource);
        Assert.Equal(1e-17, (double)CodeFixVerifier.Run(fixedSource, "F", 1e-17)!, 1e-30);
    }
}
