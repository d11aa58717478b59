using ModelGen.Analyzers.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests.Rules;

/// <summary>The ways real code spells the same naive form: using static, locals, LINQ, helpers, fields, generic math, Half.</summary>
public class VariantTests
{
    [Fact]
    public void UsingStaticMath() => Markup.Verify("""
        using static System.Math;
        public static class C
        {
            public static double Softplus(double x) => {|MG1006:Log(1 + Exp(x))|};
            public static double Bce(double T, double O) => -T * {|MG1003:Log(O)|} - (1.0 - T) * {|MG1003:Log(1.0 - O)|};
        }
        """);

    [Fact]
    public void LocalsCarryTheExponential() => Markup.Verify(Markup.InClass("""
        public static void F(double[] x, double[] y)
        {
            double sum = 0;
            for (int i = 0; i < x.Length; i++) { var e = Math.Exp(x[i]); sum += e; }
            for (int i = 0; i < x.Length; i++) { var e = Math.Exp(x[i]); y[i] = {|MG1002:e / sum|}; }
        }
        """));

    [Fact]
    public void LinqSoftmaxWithLambdaAndArrays() => Markup.Verify(Markup.InClass("""
        public static double[] F(double[] xs)
        {
            var e = xs.Select(v => Math.Exp(v)).ToArray();
            var s = e.Sum();
            var y = new double[xs.Length];
            for (int i = 0; i < xs.Length; i++) y[i] = {|MG1002:e[i] / s|};
            return y;
        }
        """));

    [Fact]
    public void FloatSoftmaxWithReciprocal() => Markup.Verify(Markup.InClass("""
        public static void F(float[] v, float[] y)
        {
            float sumExp = 0;
            for (int i = 0; i < v.Length; i++) {|MG1016:sumExp += (float)Math.Exp(v[i])|};
            for (int i = 0; i < v.Length; i++) y[i] = {|MG1002:(float)Math.Exp(v[i]) * (1f / sumExp)|};
        }
        """));

    [Fact]
    public void NaiveUserHelpersAreReportedAtTheirCalls() => Markup.Verify(Markup.InClass("""
        static double[] Softmax(double[] z) { var e = z.Select(Math.Exp).ToArray(); double s = e.Sum(); return e.Select(v => {|MG1002:v / s|}).ToArray(); }
        static double Expm1(double x) => {|MG1015:Math.Exp(x) - 1|};
        static double Hypot(double x, double y) => Math.Sqrt(x * x + y * y);
        public static double A(double[] z) => {|MG1022:Softmax(z)|}[0];
        public static double B(double x) => {|MG1022:Expm1(x)|};
        public static double D(double x, double y) => {|MG1022:Hypot(x, y)|};
        """));

    [Fact]
    public void FieldsFilledByHelpersInTheSameType() => Markup.Verify("""
        using System;
        using System.Linq;
        public class Classifier
        {
            private double[] _probabilities = new double[0];
            private double[] Softmax(double[] z) { double m = z.Max(); var e = z.Select(v => Math.Exp(v - m)).ToArray(); double s = e.Sum(); return e.Select(v => v / s).ToArray(); }
            public void Forward(double[] logits) => _probabilities = Softmax(logits);
            public double Score(int label) => -{|MG1001:Math.Log(_probabilities[label])|};
        }
        """);

    [Fact]
    public void GenericMathAndHalf() => Markup.Verify(Markup.InClass("""
        public static T Log1p<T>(T x) where T : IFloatingPointIeee754<T> => {|MG1014:T.Log(x + T.One)|};
        public static T Sp<T>(T x) where T : IFloatingPointIeee754<T> => {|MG1006:T.Log(T.One + T.Exp(x))|};
        public static Half Norm(Half x, Half y) => {|MG1024:Half.Sqrt(x * x + y * y)|};
        public static float F(float x) => {|MG1022:float.LogP1(x)|};
        public static Half H(Half x) => Half.LogP1(x);
        """));

    [Fact]
    public void InfoRulesAndSeverities()
    {
        var (source, _) = Markup.Parse(Markup.InClass("public static double F(double x) => Math.Log(1 + x) + Math.Log(1 + Math.Exp(x));"));
        var diagnostics = TestCompilation.Analyze(TestCompilation.Create(source)).Where(d => d.Location.SourceTree?.FilePath == "Test0.cs").ToList();
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, diagnostics.Single(d => d.Id == "MG1014").Severity);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostics.Single(d => d.Id == "MG1006").Severity);
    }
}

/// <summary>Shapes seen in public C# ML code (rewritten here in our own words).</summary>
public class PublicCodeShapeTests
{
    [Fact]
    public void SoftmaxOverACustomSequenceWithLambdaElements() => Markup.Verify(Markup.InClass("""
        public static IEnumerable<double> Activate(IEnumerable<double> values)
        {
            IEnumerable<double> exps = values.Select(v => Math.Exp(v));
            double total = exps.Sum();
            return exps.Select(e => {|MG1002:e / total|});
        }
        """));

    [Fact]
    public void SoftmaxWithAnInvertedSum() => Markup.Verify(Markup.InClass("""
        public static void Apply(float[] input, float[] output)
        {
            float norm = 0;
            for (int i = 0; i < input.Length; i++) {|MG1016:norm += (float)Math.Exp(input[i])|};
            norm = 1f / norm;
            for (int i = 0; i < input.Length; i++) output[i] = {|MG1002:(float)Math.Exp(input[i]) * norm|};
        }
        """));

    [Fact]
    public void BinaryCrossEntropyBehindASubnormalEpsilon() => Markup.Verify("""
        using static System.Math;
        public static class Bce
        {
            public static double Compute(double target, double output) =>
                -target * {|MG1003:Log(output + {|MG1021:double.Epsilon|})|} - (1.0 - target) * {|MG1003:Log(1.0 - output + {|MG1021:double.Epsilon|})|};
            public static double Gradient(double target, double output) => {|MG1009:(target - output) / (output * output - output + {|MG1021:double.Epsilon|})|};
        }
        """);
}
