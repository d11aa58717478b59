using Microsoft.CodeAnalysis.CodeFixes;
using ModelGen.Analyzers.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests.Rules;

/// <summary>
/// Each fix is applied; the fixed code must compile (with the StableMath stand-in) and evaluate to the
/// catalog's accurate value at the witness input where the naive form fails.
/// </summary>
public class CodeFixTests
{
    public static TheoryData<string, string, object[], double, double> Witnesses => new()
    {
        { "MG1006", "public static double F(double x) => Math.Log(1 + Math.Exp(x));", new object[] { 1000.0 }, 1000.0, 1e-12 },
        { "MG1006", "public static double F(double x) => Math.Log(1 + Math.Exp(x));", new object[] { -40.0 }, 4.248354255291589e-18, 1e-9 },
        { "MG1006", "public static float F(float x) => MathF.Log(1f + MathF.Exp(x));", new object[] { 100f }, 100.0, 1e-6 },
        { "MG1014", "public static double F(double x) => Math.Log(x + 1);", new object[] { 1e-10 }, 9.9999999995e-11, 1e-12 },
        { "MG1014", "public static double F(double p) => Math.Log(1 - p);", new object[] { 1e-10 }, -1.00000000005e-10, 1e-12 },
        { "MG1015", "public static double F(double x) => (Math.Exp(x) - 1) / x;", new object[] { 1e-17 }, 1.0, 1e-12 },
        { "MG1003", "public static double F(double x) => Math.Log(1 - 1 / (1 + Math.Exp(-x)));", new object[] { 40.0 }, -40.0, 1e-12 },
        { "MG1003", "public static double F(double x) => Math.Log(1 / (1 + Math.Exp(-x)));", new object[] { -800.0 }, -800.0, 1e-12 },
        { "MG1007", "public static double F(double x) => (Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + Math.Exp(-x));", new object[] { 800.0 }, 1.0, 1e-15 },
        { "MG1007", "public static double F(double x) => 2 / (1 + Math.Exp(-2 * x)) - 1;", new object[] { 1e-17 }, 1e-17, 1e-12 },
        { "MG1011", "public static double F(double a, double b) => Math.Log(Math.Exp(a) + Math.Exp(b) + Math.Exp(a));", new object[] { 1000.0, 1000.0 }, 1000 + Math.Log(3), 1e-12 },
        { "MG1011", "public static double F(double[] x) => Math.Log(x.Sum(Math.Exp));", new object[] { new[] { 1000.0, 1000.0 } }, 1000.693147180560, 1e-12 },
        { "MG1012", "public static double F(double x) => Math.Exp(x) / (1 + Math.Exp(x));", new object[] { 800.0 }, 1.0, 1e-15 },
        { "MG1013", "public static double F(double x) => 1 - 1 / (1 + Math.Exp(-x));", new object[] { 40.0 }, 4.248354255291589e-18, 1e-9 },
        { "MG1017", "public static double F(double p) => -p * Math.Log(p);", new object[] { 0.0 }, 0.0, 0 },
        { "MG1022", "public static double F(double x) => double.LogP1(x);", new object[] { 1e-20 }, 1e-20, 1e-12 },
        { "MG1022", "public static double F(double x) => double.ExpM1(x);", new object[] { 1e-10 }, 1.00000000005e-10, 1e-12 },
        { "MG1023", "public static double F(double a, double b) => Math.Log(Math.Exp(a) + Math.Exp(b));", new object[] { -1000.0, -1001.0 }, -999.6867383124818, 1e-12 },
        { "MG1023", "public static double F(double a, double b) => a + Math.Log(1 + Math.Exp(b - a));", new object[] { 1000.0, 1000.0 }, 1000.693147180560, 1e-12 },
        { "MG1024", "public static float F(float x, float y) => MathF.Sqrt(x * x + y * y);", new object[] { 3e20f, 4e20f }, 5e20, 1e-6 },
        { "MG1025", "public static double F(double z, double s) => Math.Log(Math.Exp(-0.5 * z * z) / (s * Math.Sqrt(2 * Math.PI)));", new object[] { 40.0, 1.0 }, -800.9189385332047, 1e-12 },
        { "MG1026", "public static double F(double a, double b) => Math.Exp(a) / Math.Exp(b);", new object[] { 800.0, 799.0 }, Math.E, 1e-12 },
        { "MG1028", "public static double F(double a) => Math.Log(1 - Math.Exp(-a));", new object[] { 1e-20 }, -46.05170185988091, 1e-12 },
        { "MG1028", "public static double F(double a) => Math.Log(1 - Math.Exp(-a));", new object[] { 40.0 }, -4.248354255291589e-18, 1e-9 },
        { "MG1029", "static double Gamma(double x) { double r = 1; for (double t = x - 1; t > 1; t--) r *= t; return r; }\npublic static double F(double x) => Math.Log(Gamma(x));", new object[] { 200.0 }, 857.9336698258574, 1e-9 },
        { "MG1027", "public static double F(double dot, double na, double nb) => Math.Acos(dot / (na * nb));", new object[] { 1.0000000000000002, 1.0, 1.0 }, 0.0, 0 },
        { "MG1010", "public static double F(double[] v, int i) { double norm = Math.Sqrt(v.Sum(x => x * x)); return v[i] / norm; }", new object[] { new[] { 0.0, 0.0, 0.0 }, 0 }, 0.0, 0 },
        { "MG1005", "public static double F(double x, double mean, double variance) => (x - mean) / Math.Sqrt(variance);", new object[] { 3.0, 3.0, 0.0 }, 0.0, 0 },
        { "MG1008", "public static double F(double[] xs) => xs.Select(v => v * v).Average() - Math.Pow(xs.Average(), 2);", new object[] { new[] { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 } }, 22.5, 1e-12 },
        { "MG1020", "public static double F(Func<double, double> f, double x) { double h = 1e-12; return (f(x + h) - f(x)) / h; }", new object[] { (Func<double, double>)Math.Exp, 1.0 }, Math.E, 1e-7 },
        { "MG1021", "public static double F(double s) => 1 / (s + double.Epsilon);", new object[] { 0.0 }, 1e12, 1e-12 },
        { "MG1030", "static double Erf(double x) => 1 - ModelGen.StableMath.Erfc(x);\npublic static double F(double x) => Math.Log(0.5 * (1 + Erf(x / Math.Sqrt(2))));", new object[] { -10.0 }, -53.23128515051247, 1e-6 },
        { "MG1025", "public static double F(double x) => Math.Log(Math.Exp(x));", new object[] { -800.0 }, -800.0, 0 },
        { "MG1022", "public static double F(double x) => double.Log2P1(x);", new object[] { 1e-20 }, 1.442695040888963e-20, 1e-12 },
        { "MG1004", "public static double NllLoss(double[] hist, int i) => -Math.Log(hist[i]);\npublic static double F(double v) => NllLoss(new[] { v }, 0);", new object[] { 0.0 }, 27.631021115928547, 1e-12 },
        { "MG1017", "public static double F(double p, double q) => p * Math.Log(p / q);", new object[] { 0.0, 0.5 }, 0.0, 0 },
        { "MG1001", "static double[] Softmax(double[] z) { double m = z.Max(); var e = z.Select(v => Math.Exp(v - m)).ToArray(); double s = e.Sum(); return e.Select(v => v / s).ToArray(); }\npublic static double F(double[] z, int k) => -Math.Log(Softmax(z)[k]);", new object[] { new[] { 0.0, -800.0 }, 1 }, 800.0, 1e-12 },
        { "MG1022", "public static double F(double a, double b) { var x = new[] { a, b }; var y = new double[2]; System.Numerics.Tensors.TensorPrimitives.SoftMax(x, y); return y[0]; }", new object[] { 1000.0, 999.0 }, 0.7310585786300049, 1e-12 },
        { "MG1022", "static double LogSumExp(double[] x) => Math.Log(x.Sum(Math.Exp));\npublic static double F(double a) => LogSumExp(new[] { a, a });", new object[] { 1000.0 }, 1000.693147180560, 1e-12 },
        { "MG1019", "public static double SqrtBackward(double g, double x) => g * 0.5 / Math.Sqrt(x);\npublic static double F(double x) => 0 * SqrtBackward(0, x);", new object[] { 0.0 }, 0.0, 0 },
    };

    [Theory]
    [MemberData(nameof(Witnesses))]
    public void FixCompilesAndIsAccurateAtTheWitness(string id, string members, object[] input, double expected, double tolerance)
    {
        string source = Markup.InClass(members);
        string fixedSource = CodeFixVerifier.ApplyFirst(source, id);
        Assert.NotEqual(source, fixedSource);
        object? result = CodeFixVerifier.Run(fixedSource, "F", input);
        double actual = result is Half h ? (double)h : Convert.ToDouble(result);
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"got {actual:R}, want {expected:R}\n{fixedSource}");
    }

    [Fact]
    public void OperandsAreParenthesizedOnlyWhereNeeded()
    {
        string fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass("public static double F(double y, double f) => Math.Log(1 + Math.Exp(-y * f));"), "MG1006");
        Assert.True(fixedSource.Contains("global::ModelGen.StableMath.Softplus(-y * f)"), fixedSource);
        fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass("public static double F(double a, double b) => Math.Log(1 - Math.Exp(a - b));"), "MG1028");
        Assert.True(fixedSource.Contains("global::ModelGen.StableMath.Log1MExp(a - b)"), fixedSource);
        fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass("public static double F(double a, double b) => Math.Log(1 + (a - b));"), "MG1014");
        Assert.True(fixedSource.Contains("global::ModelGen.StableMath.Log1P(a - b)"), fixedSource);
        fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass("public static double F(double a, double b) => Math.Log(1 - (a + b));"), "MG1014");
        Assert.True(fixedSource.Contains("global::ModelGen.StableMath.Log1P(-(a + b))"), fixedSource);
    }

    [Fact]
    public void HalfHypotKeepsHalf()
    {
        string fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass("public static Half F(Half x, Half y) => Half.Sqrt(x * x + y * y);"), "MG1024");
        Assert.Contains("Half.Hypot(x, y)", fixedSource);
        Assert.Equal(500.0, (double)(Half)CodeFixVerifier.Run(fixedSource, "F", (Half)300, (Half)400)!);
    }

    [Fact]
    public void UsingModelGenShortensTheRewrite()
    {
        string source = "using System;\nusing ModelGen;\npublic static class C\n{\n    public static double F(double x) => Math.Log(1 + Math.Exp(x));\n}\n";
        string fixedSource = CodeFixVerifier.ApplyFirst(source, "MG1006");
        Assert.True(fixedSource.Contains("=> StableMath.Softplus(x);"), fixedSource);
    }

    [Fact]
    public void FixKeepsFloatElementType()
    {
        string fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass("public static float F(float x) => MathF.Log(1f + x);"), "MG1014");
        Assert.Contains("StableMath.Log1P(x)", fixedSource);
        Assert.Equal(9.999949748e-6f, (float)CodeFixVerifier.Run(fixedSource, "F", 1e-5f)!, 1e-12f);
    }

    [Fact]
    public void FixAllRewritesEveryOccurrence()
    {
        string source = Markup.InClass("public static double F(double x, double y) => Math.Log(1 + x) + Math.Log(1 + y) + Math.Log(1.0 - y);");
        foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
        {
            string fixedSource = CodeFixVerifier.ApplyFixAll(source, "MG1014", scope);
            Assert.DoesNotContain("Math.Log(", fixedSource.Replace("StableMath", ""));
            Assert.Equal(1e-17, (double)CodeFixVerifier.Run(fixedSource, "F", 1e-17, 1e-17)!, 1e-30);
        }
    }
}
