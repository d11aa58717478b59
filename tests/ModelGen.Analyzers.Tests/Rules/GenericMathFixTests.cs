using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Analyzers.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests.Rules;

/// <summary>
/// Fixes in generic-math code (where T : IFloatingPointIeee754&lt;T&gt;) call StableMath's generic scalar
/// overloads and keep T. The fixed method is instantiated for double and float (F and F32) and must give
/// the accurate value at the witness; run once against the stand-in and once against the real
/// src/ModelGen/Math sources, where overload resolution must still prefer the double/float/Half overloads.
/// </summary>
public class GenericMathFixTests
{
    private const string Constraint = " where T : IFloatingPointIeee754<T>";

    public static TheoryData<string, string, string, double, double, double, double> Cases => new()
    {
        // id, generic body (x: T), expected call, double input, double expected, float input, float expected
        { "MG1014", "T.Log(T.One + x)", "StableMath.Log1P(x)", 1e-10, 9.9999999995e-11, 1e-5, 9.999950000333e-6 },
        { "MG1014", "T.Log(T.One - x)", "StableMath.Log1P(-x)", 1e-10, -1.00000000005e-10, 1e-5, -1.0000050000333e-5 },
        { "MG1006", "T.Log(T.One + T.Exp(x))", "StableMath.Softplus(x)", 1000, 1000, 100, 100 },
        { "MG1012", "T.Exp(x) / (T.One + T.Exp(x))", "StableMath.Sigmoid(x)", 800, 1, 100, 1 },
        { "MG1028", "T.Log(T.One - T.Exp(-x))", "StableMath.Log1MExp(-x)", 1e-20, -46.05170185988091, 1e-10, -23.025850929940457 },
        { "MG1015", "(T.Exp(x) - T.One) / x", "StableMath.ExpM1(x)", 1e-17, 1, 1e-9, 1 },
        { "MG1011", "T.Log(T.Exp(x) + T.Exp(x) + T.Exp(x))", "StableMath.LogSumExp<T>(new T[] { x, x, x })", 1000, 1001.0986122886681, 100, 101.09861228866811 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GenericFixKeepsTAndIsAccurateForDoubleAndFloat(string id, string body, string call, double x, double expected, double x32, double expected32)
    {
        string source = Markup.InClass(Members(body));
        string fixedSource = CodeFixVerifier.ApplyFirst(source, id);
        Assert.True(fixedSource.Contains(call), fixedSource);
        Assert.Contains("public static T G<T>(T x)" + Constraint, fixedSource);
        AssertAccurate(CodeFixVerifier.Run(fixedSource, "F", x), expected, 1e-9, fixedSource);
        AssertAccurate(CodeFixVerifier.Run(fixedSource, "F32", (float)x32), expected32, 1e-6, fixedSource);
        // The same fixed code against the real StableMath (src/ModelGen/Math).
        AssertAccurate(RunWithRealStableMath(fixedSource, "F", x), expected, 1e-9, fixedSource);
        AssertAccurate(RunWithRealStableMath(fixedSource, "F32", (float)x32), expected32, 1e-6, fixedSource);
    }

    [Fact]
    public void FixAllInGenericCodeRewritesEveryOccurrence()
    {
        string source = Markup.InClass("public static T G<T>(T x, T y)" + Constraint + " => T.Log(T.One + x) + T.Log(T.One + y) + T.Log(T.One - y);\n"
            + "public static double F(double x) => G(x, x);\npublic static float F32(float x) => G(x, x);");
        string fixedSource = CodeFixVerifier.ApplyFixAll(source, "MG1014");
        Assert.DoesNotContain("T.Log(", fixedSource);
        AssertAccurate(CodeFixVerifier.Run(fixedSource, "F", 1e-17), 1e-17, 1e-12, fixedSource);
        AssertAccurate(RunWithRealStableMath(fixedSource, "F32", 1e-12f), 1e-12, 1e-6, fixedSource);
    }

    [Fact]
    public void NoFixWhereTIsNotIeee754()
    {
        // INumber<T> has no Log; a type parameter only constrained to IFloatingPoint (no IEEE) cannot call the generic overloads.
        string source = Markup.InClass("public static T G<T>(T x) where T : IFloatingPoint<T>, ILogarithmicFunctions<T> => T.Log(T.One + x);");
        var diagnostics = TestCompilation.Analyze(TestCompilation.Create(source)).Where(d => d.Id == "MG1014").ToList();
        Assert.All(diagnostics, d => Assert.False(d.Properties.ContainsKey("MG.Template")));
    }

    [Fact]
    public void GenericOverloadsDoNotStealDoubleFloatHalfOrIntCalls()
    {
        const string source = """
            using System;
            using ModelGen;
            public static class C
            {
                public static void Calls(double d, float f, Half h, int i, long l)
                {
                    var a = StableMath.Log1P(d); var b = StableMath.Log1P(f); var c = StableMath.Log1P(h); var e = StableMath.Log1P(i); var g = StableMath.Log1P(l);
                    var k = StableMath.LogAddExp(d, d); var m = StableMath.LogAddExp(f, f); var n = StableMath.Hypot(h, h); var o = StableMath.LogAddExp(1.0, 2);
                    var p = StableMath.Log1P(1e-10); var q = StableMath.Log1P(1e-5f); var r = StableMath.Sigmoid(0.5);
                }
            }
            """;
        var compilation = RealStableMathCompilation(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var tree = compilation.SyntaxTrees.First();
        var model = compilation.GetSemanticModel(tree);
        var calls = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
        Assert.Equal(12, calls.Count);
        foreach (var call in calls)
        {
            var method = (IMethodSymbol)model.GetSymbolInfo(call).Symbol!;
            Assert.False(method.IsGenericMethod, call + " bound to " + method);
        }
        // int and long bind to the float overload (C# prefers int -> float over int -> double), as before the generic overloads existed.
        string[] expectedTypes = { "double", "float", "System.Half", "float", "float", "double", "float", "System.Half", "double", "double", "float", "double" };
        Assert.Equal(expectedTypes, calls.Select(c => model.GetTypeInfo(c).Type!.ToDisplayString()).ToArray());
    }

    [Fact]
    public void RealGenericOverloadsMatchTheNonGenericOnesForEveryType()
    {
        const string source = """
            using System;
            using System.Numerics;
            using ModelGen;
            public static class C
            {
                static T L<T>(T x) where T : IFloatingPointIeee754<T> => StableMath.Log1P(x);
                static T A<T>(T a, T b) where T : IFloatingPointIeee754<T> => StableMath.LogAddExp(a, b);
                public static bool Check()
                {
                    foreach (double v in new[] { 1e-300, 1e-17, 1e-10, 0.5, 3.0, -0.75, 1e300 })
                    {
                        if (!L(v).Equals(StableMath.Log1P(v)) || !L((float)v).Equals(StableMath.Log1P((float)v)) || !L((Half)v).Equals(StableMath.Log1P((Half)v))) return false;
                        if (!A(v, -v).Equals(StableMath.LogAddExp(v, -v)) || !A((float)v, 1f).Equals(StableMath.LogAddExp((float)v, 1f))) return false;
                        // Other IEEE types go through double.
                        if (!L((NFloat)v).Equals((NFloat)StableMath.Log1P(v))) return false;
                    }
                    return true;
                }
            }
            """;
        Assert.Equal(true, CodeFixVerifier.Run(RealStableMathCompilation(source.Replace("using ModelGen;", "using ModelGen;\nusing System.Runtime.InteropServices;")), "Check"));
    }

    private static string Members(string body) =>
        "public static T G<T>(T x)" + Constraint + " => " + body + ";\n"
        + "public static double F(double x) => G(x);\npublic static float F32(float x) => G(x);";

    private static void AssertAccurate(object? result, double expected, double tolerance, string source)
    {
        double actual = Convert.ToDouble(result);
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"got {actual:R}, want {expected:R}\n{source}");
    }

    private static object? RunWithRealStableMath(string source, string method, params object[] args) =>
        CodeFixVerifier.Run(RealStableMathCompilation(source), method, args);

    /// <summary>The source compiled with src/ModelGen/Math/*.cs (the real StableMath) instead of the stand-in.</summary>
    private static CSharpCompilation RealStableMathCompilation(string source)
    {
        string math = Path.Combine(RepositoryRoot(), "src", "ModelGen", "Math");
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, path: "Test0.cs") };
        trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq;", TestCompilation.ParseOptions, path: "Usings.cs"));
        trees.AddRange(Directory.GetFiles(math, "*.cs").Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), TestCompilation.ParseOptions, path: f)));
        return CSharpCompilation.Create("RealStableMath", trees, TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ModelGen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ModelGen.sln not found");
    }
}
