using ModelGen.Analyzers.Tests.Infrastructure;

namespace ModelGen.Analyzers.Tests.Rules;

/// <summary>One positive per catalog rule (with syntactic variants) and the catalog §4 lookalikes that must stay silent.</summary>
public class RuleMarkupTests
{
    public static TheoryData<string> Positives => new()
    {
        // MG1001 log of softmax
        "static double[] Softmax(double[] z) { var e = z.Select(Math.Exp).ToArray(); var s = e.Sum(); return e.Select(v => {|MG1002:v / s|}).ToArray(); }\npublic static double Loss(double[] z, int k) => -{|MG1001:Math.Log({|MG1022:Softmax(z)|}[k])|};",
        // MG1002 softmax without max: locals + loop
        "public static void F(double[] x, double[] y) { double s = 0; for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i]); for (int i = 0; i < x.Length; i++) y[i] = {|MG1002:Math.Exp(x[i]) / s|}; }",
        // MG1002 Pow(E, x) spelling
        "public static void F(double[] x, double[] y) { double sum = 0; foreach (var v in x) sum += Math.Pow(Math.E, v); for (int i = 0; i < x.Length; i++) y[i] = {|MG1002:Math.Pow(Math.E, x[i]) / sum|}; }",
        // MG1003 BCE pair, using static
        "public static double Bce(double y, double p) => -(y * {|MG1003:Math.Log(p)|} + (1 - y) * {|MG1003:Math.Log(1 - p)|});",
        "public static double F(double x) => {|MG1003:Math.Log(1 / (1 + Math.Exp(-x)))|};",
        // MG1004 log of zero in a loss
        "public static double NllLoss(double[] hist, int i) => -{|MG1004:Math.Log(hist[i])|};",
        // MG1005 division by std / sqrt(var)
        "public static double F(double x, double mean, double variance) => {|MG1005:(x - mean) / Math.Sqrt(variance)|};",
        "public static double F(double x, double mean, double std) => {|MG1005:(x - mean) / std|};",
        // MG1006 softplus, both operand orders, float, generic
        "public static double F(double x) => {|MG1006:Math.Log(1 + Math.Exp(x))|};",
        "public static float F(float x) => {|MG1006:MathF.Log(MathF.Exp(x) + 1f)|};",
        "public static T F<T>(T x) where T : IFloatingPointIeee754<T> => {|MG1006:T.Log(T.One + T.Exp(x))|};",
        // MG1007 tanh from exps
        "public static double F(double x) => {|MG1007:(Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + Math.Exp(-x))|};",
        "public static double F(double x) => {|MG1007:2 / (1 + Math.Exp(-2 * x)) - 1|};",
        "public static float F(float x) { float e2x = MathF.Exp(2 * x); return {|MG1007:(e2x - 1f) / (e2x + 1f)|}; }",
        // MG1008 one-pass variance
        "public static double F(double[] x) { double s = 0, sq = 0; foreach (var v in x) { s += v; sq += v * v; } double mean = s / x.Length; return {|MG1008:sq / x.Length - mean * mean|}; }",
        "public static double F(double[] xs) => {|MG1008:xs.Select(v => v * v).Average() - Math.Pow(xs.Average(), 2)|};",
        // MG1009 BCE gradient division
        "public static double Derivative(double o, double e) => {|MG1009:(o - e) / (o * (1 - o))|};",
        // MG1010 normalize / cosine without guard
        "public static double F(double[] a, double[] b) { double dot = 0, na = 0, nb = 0; for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; } return {|MG1010:dot / (Math.Sqrt(na) * Math.Sqrt(nb))|}; }",
        "public static void F(double[] v) { double norm = Math.Sqrt(v.Sum(x => x * x)); for (int i = 0; i < v.Length; i++) v[i] = {|MG1010:v[i] / norm|}; }",
        // MG1011 log-sum-exp: LINQ and loop
        "public static double F(double[] x) => {|MG1011:Math.Log(x.Sum(Math.Exp))|};",
        "public static double F(double[] x) => {|MG1011:Math.Log(x.Select(v => Math.Exp(v)).Sum())|};",
        "public static double F(double[] x) { double s = 0; foreach (var v in x) s += Math.Exp(v); return {|MG1011:Math.Log(s)|}; }",
        // MG1012 sigmoid as exp ratio
        "public static double F(double x) => {|MG1012:Math.Exp(x) / (1 + Math.Exp(x))|};",
        "public static double F(double a, double b) => {|MG1012:Math.Exp(a) / (Math.Exp(a) + Math.Exp(b))|};",
        // MG1013 1 - sigmoid
        "public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));\npublic static double F(double x) => {|MG1013:1 - Sigmoid(x)|};",
        // MG1014 log1p variants
        "public static double F(double x) => {|MG1014:Math.Log(x + 1)|};",
        "public static double F(double p) => {|MG1014:Math.Log(-p + 1)|};",
        "public static float F(float x) => {|MG1014:MathF.Log(1f + x)|};",
        "public static double F(double x) => {|MG1014:Math.Log(1 + x, Math.E)|};",
        "public static double F(double x) => {|MG1014:double.Log(1 + x)|};",
        // MG1015 expm1 where relative error matters
        "public static double F(double x) => ({|MG1015:Math.Exp(x) - 1|}) / x;",
        "public static double F(double y) => Math.Log({|MG1015:Math.Exp(y) - 1|});",
        // MG1016 float accumulation
        "public static float F(float[] xs) { float sum = 0; foreach (var v in xs) {|MG1016:sum += v|}; return sum; }",
        // MG1017 x log x
        "public static double F(double[] p) { double h = 0; for (int i = 0; i < p.Length; i++) h -= {|MG1017:p[i] * Math.Log(p[i])|}; return h; }",
        // MG1018 product underflow
        "public static double F(double[] p) { double prod = 1; foreach (var v in p) prod *= v; return {|MG1018:Math.Log(prod)|}; }",
        // MG1019 sqrt gradient
        "public static double SqrtBackward(double g, double x) => {|MG1019:g * 0.5 / Math.Sqrt(x)|};",
        // MG1020 finite difference
        "public static double F(Func<double, double> f, double x) { double h = 1e-12; return {|MG1020:(f(x + h) - f(x)) / h|}; }",
        // MG1021 epsilon constants
        "public static double F(double x, double s) => x / (s + {|MG1021:double.Epsilon|});",
        "public static float F(float p) => Math.Clamp(p, 1e-8f, {|MG1021:1f - 1e-8f|});",
        "public static Half Eps() => {|MG1021:(Half)1e-8|};",
        // MG1022 naive BCL and helpers
        "public static double F(double x) => {|MG1022:double.LogP1(x)|};",
        "public static float F(float x) => {|MG1022:float.ExpM1(x)|};",
        "public static void F(double[] x, double[] y) => {|MG1022:System.Numerics.Tensors.TensorPrimitives.SoftMax(x, y)|};",
        "static double Log1p(double x) => {|MG1014:Math.Log(1 + x)|};\npublic static double F(double x) => {|MG1022:Log1p(x)|} * 2;",
        // MG1023 logaddexp
        "public static double F(double a, double b) => {|MG1023:Math.Log(Math.Exp(a) + Math.Exp(b))|};",
        "public static double F(double a, double b) => {|MG1023:a + Math.Log(1 + Math.Exp(b - a))|};",
        // MG1024 hypot in float / Half
        "public static float F(float x, float y) => {|MG1024:MathF.Sqrt(x * x + y * y)|};",
        // MG1025 log of exp
        "public static double F(double x) => {|MG1025:Math.Log(Math.Exp(x))|};",
        "public static double F(double z, double s) => {|MG1025:Math.Log(Math.Exp(-0.5 * z * z) / (s * Math.Sqrt(2 * Math.PI)))|};",
        // MG1026 exp ratio and unclamped log-variance
        "public static double F(double a, double b) => {|MG1026:Math.Exp(a) / Math.Exp(b)|};",
        "public static double F(double logVar) => {|MG1026:Math.Exp(logVar)|};",
        // MG1027 acos of computed cosine
        "public static double F(double dot, double na, double nb) => {|MG1027:Math.Acos(dot / (na * nb))|};",
        // MG1028 log1mexp
        "public static double F(double a) => {|MG1028:Math.Log(1 - Math.Exp(-a))|};",
        // MG1029 log gamma
        "static double Factorial(int n) { double f = 1; for (int i = 2; i <= n; i++) f *= i; return f; }\npublic static double F(int n) => {|MG1029:Math.Log(Factorial(n))|};",
        // MG1030 log ndtr
        "static double Erf(double x) => 1 - StableErfc(x);\nstatic double StableErfc(double x) => ModelGen.StableMath.Erfc(x);\npublic static double F(double x) => {|MG1030:Math.Log(0.5 * (1 + Erf(x / Math.Sqrt(2))))|};",
    };

    public static TheoryData<string> Lookalikes => new()
    {
        "public static double F() => Math.Log(1 - 0.5);",                                                            // §4.1 literal
        "const double Momentum = 0.9; public static double F() => Math.Log(1 - Momentum);",                          // §4.1 p >= 0.5
        "public static double F(int count) => Math.Log(1 + count);",                                                 // §4.2 integer
        "public static double F(double x) => 1 / (1 + Math.Exp(-x));",                                              // §4.3 sigmoid
        "public static double F(double p) => 1.0 / (Math.Exp(-p) + 1.0);",
        "public static double F(double s) => s * (1 - s);",
        "public static double Elu(double x, double a) => x > 0 ? x : a * (Math.Exp(x) - 1);",                        // §4.4 ELU
        "public static void F(double[] x, double[] y) { double m = x.Max(); double s = 0; for (int i = 0; i < x.Length; i++) { y[i] = Math.Exp(x[i] - m); s += y[i]; } for (int i = 0; i < x.Length; i++) y[i] /= s; }", // §4.5
        "public static double[] F(double[] input) => input.Select(v => Math.Exp(v - input.Max()) / input.Sum(w => Math.Exp(w - input.Max()))).ToArray();",
        "public static double F(double[] x) { double m = x.Max(); double s = 0; foreach (var v in x) s += Math.Exp(v - m); return m + Math.Log(s); }", // §4.6/4.7
        "public static (double, double) F(double[] x) { double mean = 0, m2 = 0; int n = 0; foreach (var v in x) { n++; double d = v - mean; mean += d / n; m2 += d * (v - mean); } return (mean, m2 / n); }", // §4.8
        "public static double F(double[] x, double mean) => x.Select(v => (v - mean) * (v - mean)).Sum() / x.Length;",
        "public static float F(float x, float var) => x / MathF.Sqrt(var + 1e-5f);",                                 // §4.9
        "public static double F(double m, double v, double eps) => m / (Math.Sqrt(v) + 1e-8);",
        "public static double F(double dot, double na, double nb) { if (na == 0 || nb == 0) return 0; return dot / (Math.Sqrt(na) * Math.Sqrt(nb)); }", // §4.10
        "public static double Entropy(double[] p) { double h = 0; foreach (var v in p) if (v > 0) h -= v * Math.Log(v); return h; }", // §4.11
        "public static double Loss(double p) => -Math.Log(p + 1e-7);",
        "public static float Loss(float p) { float q = Math.Clamp(p, 1e-7f, 1f - 1e-7f); return -MathF.Log(q); }",   // §4.12
        "public static double F(double x) => Math.Tanh(x);",                                                           // §4.13
        "public static double F(double dx, double dy) => Math.Sqrt(dx * dx + dy * dy);",                               // §4.14 double
        "public static double F(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));\nstatic double Erf(double x) => x;", // §4.15
        "public static float F(float[] xs) => xs.Sum();",                                                               // §4.16
        "public static float F(float v) => (float)Math.Log(1.0 + Math.Exp(v));",                                       // §4.17
        "public static double F(double x, double y) => double.Hypot(x, y);",                                           // §4.18
        "public static double F(double[] x, int i, double max) => Math.Exp(x[i] - max);",                              // §4.19
        "public static double F(double logit) => Math.Exp(Math.Min(logit, 700));",
        "public static double F(Func<double, double> f, double x) { double h = Math.Sqrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(x)); return (f(x + h) - f(x)) / h; }", // §4.20
        "public static double F(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));",      // stable sigmoid
        "public static double F(double a, double b) => a * b / Math.Sqrt(16);",
        "public static double F(double q, double k, int d) => q * k / Math.Sqrt(d);",
        "public static float F(float[] v) { float s = 0; for (int i = 0; i < 3; i++) s += v[i]; return s; }",
        "public static double Half(double h) => Math.Half(h);\npublic static class Math { public static double Half(double x) => x; public static double Log(double x) => x; public static double Exp(double x) => x; }",
        "public static double F(double c) => Math.Acos(Math.Clamp(c, -1, 1));",
        "public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));\npublic static double F(double x) => 1 - Sigmoid(Math.Clamp(x, -30, 30));", // §4.21 bounded logit in double
        "public static double F(double x) { double z = Math.Clamp(x, -30, 30); return Math.Log(1 - 1 / (1 + Math.Exp(-z))); }",
        "public static double F(double[] z, int k) { double m = z.Max(); double s = 0; foreach (var v in z) s += Math.Exp(v - m); return Math.Log(s); }", // §4.7
        "const double Eps = 1e-10; public static double Cost(double p, double y) { p = Math.Clamp(p, Eps, 1 - Eps); return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p)); }", // §4.12 clamped in place
        "public static double Tfidf(int tf, int df, int n) => (1 + Math.Log(tf)) * Math.Log((double)n / df);",
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public void Reports(string members) => Markup.Verify(Markup.InClass(members));

    [Theory]
    [MemberData(nameof(Lookalikes))]
    public void StaysSilentOnLookalikes(string members) => Markup.Verify(Markup.InClass(members));
}
