namespace ModelGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// A stand-in for ModelGen.StableMath (written in parallel in src/ModelGen) with the same signatures and
/// simple, correct implementations, compiled into test compilations so fixed code binds and runs.
/// </summary>
internal static class StableMathStandIn
{
    public const string Source = """
namespace ModelGen
{
    using System;
    public static class StableMath
    {
        public static double Log1P(double x) { double u = 1.0 + x; if (u == 1.0) return x; if (double.IsInfinity(u)) return Math.Log(u); return Math.Log(u) * (x / (u - 1.0)); }
        public static float Log1P(float x) => (float)Log1P((double)x);
        public static double ExpM1(double x) { if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1.0; double u = Math.Exp(x); if (u == 1.0) return x; double um1 = u - 1.0; if (um1 == -1.0) return -1.0; return um1 * x / Math.Log(u); }
        public static float ExpM1(float x) => (float)ExpM1((double)x);
        public static double Sigmoid(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));
        public static float Sigmoid(float x) => (float)Sigmoid((double)x);
        public static double Softplus(double x) => x > 0 ? x + Log1P(Math.Exp(-x)) : Log1P(Math.Exp(x));
        public static float Softplus(float x) => (float)Softplus((double)x);
        public static double LogSigmoid(double x) => -Softplus(-x);
        public static float LogSigmoid(float x) => (float)LogSigmoid((double)x);
        public static double LogAddExp(double a, double b) { if (a == b && double.IsInfinity(a)) return a; return Math.Max(a, b) + Log1P(Math.Exp(-Math.Abs(a - b))); }
        public static float LogAddExp(float a, float b) => (float)LogAddExp((double)a, (double)b);
        public static double Log1MExp(double x) => x > -0.6931471805599453 ? Math.Log(-ExpM1(x)) : Log1P(-Math.Exp(x));
        public static float Log1MExp(float x) => (float)Log1MExp((double)x);
        public static double XLogY(double x, double y) => x == 0 && !double.IsNaN(y) ? 0.0 : x * Math.Log(y);
        public static float XLogY(float x, float y) => (float)XLogY((double)x, (double)y);
        public static double BinaryCrossEntropyWithLogits(double logit, double target) => Math.Max(logit, 0) - logit * target + Log1P(Math.Exp(-Math.Abs(logit)));
        public static double LogGamma(double x) { double s = 0; while (x < 7) { s -= Math.Log(x); x += 1; } double z = 1 / (x * x); return s + (x - 0.5) * Math.Log(x) - x + 0.91893853320467274 + (1.0 / 12 - z * (1.0 / 360 - z * (1.0 / 1260 - z / 1680))) / x; }
        public static double Erfc(double x) { double z = Math.Abs(x); double t = 1 / (1 + 0.5 * z); double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))); return x >= 0 ? r : 2 - r; }
        public static double LogNdtr(double x) { if (x > -20) return Math.Log(0.5 * Erfc(-x / Math.Sqrt(2))); double z2 = 1.0 / (x * x); double s = 1 - z2 + 3 * z2 * z2 - 15 * z2 * z2 * z2 + 105 * z2 * z2 * z2 * z2; return -0.5 * x * x - Math.Log(-x) - 0.5 * Math.Log(2 * Math.PI) + Math.Log(s); }
        public static float LogNdtr(float x) => (float)LogNdtr((double)x);
        public static double Hypot(double x, double y) => double.Hypot(x, y);
        public static float Hypot(float x, float y) => float.Hypot(x, y);
        // Generic scalar overloads (StableMath.Generic.cs): evaluated in double here.
        public static T Log1P<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(Log1P(double.CreateTruncating(x)));
        public static T ExpM1<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(ExpM1(double.CreateTruncating(x)));
        public static T Sigmoid<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(Sigmoid(double.CreateTruncating(x)));
        public static T Softplus<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(Softplus(double.CreateTruncating(x)));
        public static T LogSigmoid<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(LogSigmoid(double.CreateTruncating(x)));
        public static T Log1MExp<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(Log1MExp(double.CreateTruncating(x)));
        public static T LogNdtr<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(LogNdtr(double.CreateTruncating(x)));
        public static T XLogY<T>(T x, T y) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(XLogY(double.CreateTruncating(x), double.CreateTruncating(y)));
        public static T LogAddExp<T>(T x, T y) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(LogAddExp(double.CreateTruncating(x), double.CreateTruncating(y)));
        public static T Hypot<T>(T x, T y) where T : System.Numerics.IFloatingPointIeee754<T> => T.CreateTruncating(Hypot(double.CreateTruncating(x), double.CreateTruncating(y)));
        // Span functions are generic over IFloatingPointIeee754<T>, as in src/ModelGen (so rewrites must bind to them).
        public static T LogSumExp<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T> { T m = T.NegativeInfinity; foreach (var v in x) if (v > m) m = v; if (T.IsInfinity(m)) return m; T s = T.Zero; foreach (var v in x) s += T.Exp(v - m); return m + T.Log(s); }
        public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y) where T : System.Numerics.IFloatingPointIeee754<T> { T m = T.NegativeInfinity; foreach (var v in x) m = T.Max(m, v); T s = T.Zero; for (int i = 0; i < x.Length; i++) { y[i] = T.Exp(x[i] - m); s += y[i]; } for (int i = 0; i < x.Length; i++) y[i] /= s; }
        public static (T Mean, T Variance) MeanVariance<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T> { T mean = T.Zero, m2 = T.Zero; T n = T.Zero; foreach (var v in x) { n += T.One; T d = v - mean; mean += d / n; m2 += d * (v - mean); } return (mean, m2 / n); }
        public static T Norm<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T> { T r = T.Zero; foreach (var v in x) r = T.Hypot(r, v); return r; }
        public static T CosineSimilarity<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T epsilon) where T : System.Numerics.IFloatingPointIeee754<T> { T d = T.Zero; for (int i = 0; i < a.Length; i++) d += a[i] * b[i]; return d / (T.Max(Norm(a), epsilon) * T.Max(Norm(b), epsilon)); }
    }
}
namespace System.Numerics.Tensors
{
    // Shape of the real TensorPrimitives members the rules look for (the package is not referenced by the tests).
    public static class TensorPrimitives
    {
        public static void SoftMax(ReadOnlySpan<double> x, Span<double> y) { }
        public static float Norm(ReadOnlySpan<float> x) => 0;
        public static double CosineSimilarity(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => 0;
        public static void LogP1(ReadOnlySpan<float> x, Span<float> y) { }
    }
}
""";
}
