using Microsoft.CodeAnalysis.CodeFixes;
using ModelGen.Analyzers.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests.Rules;

/// <summary>
/// Statement-level fixes for loop forms: MG1002 and MG1011 (max shift before the loop), MG1018 (sum of logs),
/// MG1016 (wider accumulator). As in <see cref="CodeFixTests"/>, the fixed code must compile and give the
/// accurate value at the rule's witness, where the original gives NaN, ±∞ or a stalled sum.
/// </summary>
public class LoopCodeFixTests
{
    private const string SoftmaxFor = """
        public static double F(double a, double b)
        {
            var x = new[] { a, b };
            var e = new double[x.Length];
            double sum = 0;
            for (int i = 0; i < x.Length; i++)
            {
                e[i] = Math.Exp(x[i]);
                sum += e[i];
            }
            for (int i = 0; i < x.Length; i++)
                e[i] /= sum;
            return e[0];
        }
        """;

    private const string SoftmaxTwoLoops = """
        public static double F(double[] x, int k)
        {
            var y = new double[x.Length];
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i]);
            for (int j = 0; j < x.Length; j++) y[j] = Math.Exp(x[j]) / s;
            return y[k];
        }
        """;

    private const string SoftmaxForeachFloat = """
        public static float F(float[] logits, int k)
        {
            float total = 0f;
            foreach (var z in logits) total += MathF.Exp(z);
            var p = new float[logits.Length];
            for (int i = 0; i < logits.Length; i++) p[i] = MathF.Exp(logits[i]) / total;
            return p[k];
        }
        """;

    private const string LogSumExpForeach = """
        public static double F(double[] x)
        {
            double s = 0;
            foreach (var v in x) s += Math.Exp(v);
            return Math.Log(s);
        }
        """;

    private const string LogSumExpFor = """
        public static double F(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
                s += Math.Exp(x[i]);
            return 0.5 * Math.Log(s);
        }
        """;

    private const string ProductLoop = """
        public static double F(double q, int n)
        {
            double p = 1;
            for (int i = 0; i < n; i++)
                p *= q;
            return Math.Log(p);
        }
        """;

    private const string ProductLoopArray = """
        public static double F(double[] likelihood)
        {
            double prob = 1.0;
            foreach (var l in likelihood) prob *= l;
            double score = Math.Log(prob);
            return score;
        }
        """;

    private const string FloatAccumulator = """
        public static float F(int n)
        {
            float sum = 0;
            for (int i = 0; i < n; i++)
                sum += 0.1f;
            return sum;
        }
        """;

    private const string FloatAccumulatorAsDouble = """
        public static double F(int n)
        {
            float sum = 0f;
            for (int i = 0; i < n; i++) sum += 0.1f;
            float mean = sum / n;
            return sum;
        }
        """;

    private const string HalfAccumulator = """
        public static float F(int n)
        {
            var xs = new Half[n];
            Array.Fill(xs, (Half)1);
            Half sum = (Half)0;
            foreach (var v in xs) sum += v;
            return (float)sum;
        }
        """;

    public static TheoryData<string, string, object[], double, double, string> Witnesses => new()
    {
        { "MG1002", SoftmaxFor, new object[] { 1000.0, 999.0 }, 0.7310585786300049, 1e-12, "Math.Exp(x[i] - max)" },
        { "MG1002", SoftmaxFor, new object[] { -1000.0, -1001.0 }, 0.7310585786300049, 1e-12, "max = Math.Max(max, x[i]);" },
        { "MG1002", SoftmaxTwoLoops, new object[] { new[] { 1000.0, 999.0 }, 1 }, 0.2689414213699951, 1e-12, "Math.Exp(x[j] - max) / s" },
        { "MG1002", SoftmaxForeachFloat, new object[] { new[] { 100f, 99f }, 0 }, 0.7310585786300049, 1e-6, "foreach (var z in logits) max = MathF.Max(max, z);" },
        { "MG1011", LogSumExpForeach, new object[] { new[] { 1000.0, 1000.0 } }, 1000.693147180560, 1e-12, "return max + Math.Log(s);" },
        { "MG1011", LogSumExpForeach, new object[] { new[] { -1000.0, -1000.0 } }, -999.3068528194, 1e-12, "s += Math.Exp(v - max)" },
        { "MG1011", LogSumExpFor, new object[] { new[] { 1000.0, 1000.0 } }, 0.5 * 1000.693147180560, 1e-12, "0.5 * (max + Math.Log(s))" },
        { "MG1018", ProductLoop, new object[] { 0.1, 400 }, -921.0340371976183, 1e-12, "logP += Math.Log(q)" },
        { "MG1018", ProductLoopArray, new object[] { Enumerable.Repeat(0.1, 400).ToArray() }, -921.0340371976183, 1e-12, "double score = logProb;" },
        { "MG1018", "public static double F(double[] xs) => Math.Log(xs.Aggregate(1.0, (a, b) => a * b));", new object[] { Enumerable.Repeat(0.1, 400).ToArray() }, -921.0340371976183, 1e-12, "xs.Sum(Math.Log)" },
        { "MG1018", "public static float F(float[] xs) => MathF.Log(xs.Aggregate((a, b) => a * b));", new object[] { Enumerable.Repeat(0.1f, 100).ToArray() }, -230.2585092994046, 1e-6, "xs.Sum(MathF.Log)" },
        { "MG1016", FloatAccumulator, new object[] { 10_000_000 }, 1000000.014901161, 1e-7, "return (float)sum;" },
        { "MG1016", FloatAccumulatorAsDouble, new object[] { 10_000_000 }, 1000000.014901161, 1e-9, "float mean = (float)sum / n;" },
        { "MG1016", HalfAccumulator, new object[] { 4096 }, 4096, 0, "sum += (double)(v);" },
    };

    [Theory]
    [MemberData(nameof(Witnesses))]
    public void LoopFixCompilesAndIsAccurateAtTheWitness(string id, string members, object[] input, double expected, double tolerance, string expectedText)
    {
        string source = Markup.InClass(members);
        string fixedSource = CodeFixVerifier.ApplyFirst(source, id);
        Assert.True(fixedSource.Contains(expectedText), fixedSource);
        object? result = CodeFixVerifier.Run(fixedSource, "F", input);
        double actual = Convert.ToDouble(result);
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"got {actual:R}, want {expected:R}\n{fixedSource}");
        // The fix removes the diagnostic it was offered for.
        Assert.DoesNotContain(TestCompilation.Analyze(TestCompilation.Create(fixedSource)), d => d.Id == id || d.Id == "AD0001");
    }

    [Theory]
    [InlineData("MG1002", SoftmaxTwoLoops, "Math.Exp(x[j] - max)", new[] { 1000.0, 999.0 }, 0.2689414213699951)]
    [InlineData("MG1011", LogSumExpForeach, "max + Math.Log(s)", new[] { 1000.0, 1000.0 }, 1000.693147180560)]
    [InlineData("MG1018", ProductLoopArray, "logProb += Math.Log(l)", new[] { 1e-200, 1e-200 }, -921.0340371976183)]
    public void FixAllRewritesEveryMethod(string id, string method, string expectedText, double[] input, double expected)
    {
        // The same method three times (F, G, H) with one diagnostic each; FixAll fixes all three.
        string members = method + "\n" + method.Replace("public static double F(", "public static double G(") + "\n" + method.Replace("public static double F(", "public static double H(");
        string source = Markup.InClass(members);
        foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
        {
            string fixedSource = CodeFixVerifier.ApplyFixAll(source, id, scope);
            Assert.Equal(3, CountOf(fixedSource, expectedText));
            Assert.DoesNotContain(TestCompilation.Analyze(TestCompilation.Create(fixedSource)), d => d.Id == id || d.Id == "AD0001");
            foreach (string name in new[] { "F", "G", "H" })
            {
                object[] args = id == "MG1002" ? new object[] { input, 1 } : new object[] { input };
                Assert.Equal(expected, Convert.ToDouble(CodeFixVerifier.Run(fixedSource, name, args)), 1e-9);
            }
        }
    }

    [Fact]
    public void FixAllWidensEveryAccumulator()
    {
        string source = Markup.InClass("""
            public static float F(float[] xs) { float a = 0, unused = 1; float b = 0; foreach (var x in xs) { b += x; } float c = 0; for (int i = 0; i < xs.Length; i++) c += xs[i] * xs[i]; return b + c + a + unused; }
            """);
        string fixedSource = CodeFixVerifier.ApplyFixAll(source, "MG1016");
        Assert.Contains("double b = 0;", fixedSource);
        Assert.Contains("double c = 0;", fixedSource);
        Assert.Contains("float a = 0, unused = 1;", fixedSource);
        var ones = Enumerable.Repeat(1f, 20_000_000).ToArray();
        Assert.Equal(40_000_001f, (float)CodeFixVerifier.Run(fixedSource, "F", ones)!);
    }

    [Theory]
    [InlineData("MG1002", """
        public static double[] F(double[] x) { double s = 0; var e = new double[x.Length]; for (int i = 0; i < x.Length; i++) { e[i] = Math.Exp(x[i]); s += e[i]; } Console.WriteLine(s); for (int i = 0; i < x.Length; i++) e[i] /= s; return e; }
        """)]   // the sum itself is printed: shifting it would change what the user sees
    [InlineData("MG1011", """
        public static double F(double[] x) { double s = 0; foreach (var v in x) s += Math.Exp(v); return Math.Log(s) + s; }
        """)]   // the sum is also returned
    [InlineData("MG1018", """
        public static double F(double[] q) { double p = 1; foreach (var v in q) p *= v; Console.WriteLine(p); return Math.Log(p); }
        """)]   // the product is used as a probability too
    [InlineData("MG1011", """
        public static double F(double[] x, double[] w) { double s = 0; for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] * w[i]); return Math.Log(s); }
        """)]   // the exponent is not a plain read of one sequence
    [InlineData("MG1002", """
        public static double F(double[] x, int[] order, int k) { double s = 0; int i; for (i = 0; i < x.Length; i++) s += Math.Exp(x[order[i]]); return Math.Exp(x[k]) / s; }
        """)]   // not a plain pass over x (and the index is declared outside the loop)
    [InlineData("MG1016", """
        static void Add(ref float acc, float v) => acc += v;
        public static float F(float[] xs) { float sum = 0; foreach (var x in xs) { sum += x; Add(ref sum, x); } return sum; }
        """)]   // passed by reference: its type cannot change
    public void NoFixWhereTheRewriteWouldChangeMeaning(string id, string members)
    {
        var diagnostics = TestCompilation.Analyze(TestCompilation.Create(Markup.InClass(members))).Where(d => d.Id == id).ToList();
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.False(d.Properties.ContainsKey("MG.EditCount") || d.Properties.ContainsKey("MG.Template"), d.ToString()));
    }

    [Fact]
    public void MaxNameDoesNotCollide()
    {
        string members = """
            public static double F(double[] x) { double max = 3; double s = 0; foreach (var v in x) s += Math.Exp(v); return Math.Log(s) + 0 * max; }
            """;
        string fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass(members), "MG1011");
        Assert.Contains("double maxX = double.NegativeInfinity;", fixedSource);
        Assert.Equal(1000.693147180560, (double)CodeFixVerifier.Run(fixedSource, "F", new[] { 1000.0, 1000.0 })!, 1e-9);
    }

    [Fact]
    public void GenericSoftmaxLoopKeepsT()
    {
        string members = """
            public static T G<T>(T[] x, int k) where T : IFloatingPointIeee754<T>
            {
                T s = T.Zero;
                for (int i = 0; i < x.Length; i++) s += T.Exp(x[i]);
                return T.Exp(x[k]) / s;
            }
            public static double F(double[] x, int k) => G(x, k);
            public static float F32(float[] x, int k) => G(x, k);
            """;
        string fixedSource = CodeFixVerifier.ApplyFirst(Markup.InClass(members), "MG1002");
        Assert.Contains("T max = T.NegativeInfinity;", fixedSource);
        Assert.Contains("max = T.Max(max, x[i]);", fixedSource);
        Assert.Equal(0.2689414213699951, (double)CodeFixVerifier.Run(fixedSource, "F", new[] { 1000.0, 999.0 }, 1)!, 1e-12);
        Assert.Equal(0.26894143f, (float)CodeFixVerifier.Run(fixedSource, "F32", new[] { 100f, 99f }, 1)!, 1e-6f);
    }

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
