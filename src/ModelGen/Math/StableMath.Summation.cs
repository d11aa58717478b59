using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// Σ xᵢ of float data accumulated in double (vectorized, widened lane-wise), rounded once to float.
    /// Correctly rounded for any realistic length (the double error is ~2^-29 float ulp per 1e7 terms).
    /// Naive <c>float sum = 0; sum += v;</c> stops growing once the sum dwarfs the terms: 10⁷ × 0.1f gives 1087937.
    /// </summary>
    public static float Sum(ReadOnlySpan<float> x) => (float)SumAsDouble(x);

    /// <summary>
    /// Σ xᵢ of double data with Neumaier compensation in every vector lane, so the error is a few ulp of
    /// the result independent of the length (plain summation's bound grows like n·ε·Σ|xᵢ|).
    /// </summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        int i = 0;
        double sum = 0, compensation = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<double>.Count)
        {
            var s = Vector256<double>.Zero;
            var c = Vector256<double>.Zero;
            ref double source = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref source, (nuint)i);
                var t = s + v;
                // The smaller addend is the one whose low bits t lost; recover them exactly.
                var bigger = Vector256.GreaterThanOrEqual(Vector256.Abs(s), Vector256.Abs(v));
                c += Vector256.ConditionalSelect(bigger, (s - t) + v, (v - t) + s);
                s = t;
            }
            for (int lane = 0; lane < Vector256<double>.Count; lane++)
            {
                NeumaierAdd(ref sum, ref compensation, s[lane]);
                NeumaierAdd(ref sum, ref compensation, c[lane]);
            }
        }
        for (; i < x.Length; i++)
            NeumaierAdd(ref sum, ref compensation, x[i]);
        return sum + compensation;
    }

    /// <summary>
    /// Σ xᵢ of Half data accumulated in double, rounded once: correctly rounded, since Half values are
    /// multiples of 2^-24 and their running sum is exact in double until it passes 2^29.
    /// Naive Half accumulation stops at 2048 when adding ones.
    /// </summary>
    public static Half Sum(ReadOnlySpan<Half> x)
    {
        double sum = 0;
        foreach (Half value in x)
            sum += (double)value;
        return (Half)sum;
    }

    /// <summary>
    /// Mean and population variance (divisor n) by the corrected two-pass algorithm: the mean from a
    /// compensated double sum, then Σ(xᵢ − mean)² − (Σ(xᵢ − mean))²/n, clamped at 0. Empty → (NaN, NaN).
    /// Accuracy: relative error about n·2^-53, independent of the mean's size. Allocation-free.
    /// Naive E[x²] − E[x]² cancels catastrophically: for [1e9+4, 1e9+7, 1e9+13, 1e9+16] it gives −128, not 22.5.
    /// </summary>
    public static (T Mean, T Variance) MeanVariance<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        (double mean, double sumOfSquares) = CentredMoments(x);
        return (T.CreateTruncating(mean), T.CreateTruncating(sumOfSquares / x.Length));
    }

    /// <summary>
    /// Sample variance (divisor n − 1, Bessel's correction) by the same corrected two-pass algorithm as
    /// <see cref="MeanVariance{T}"/>; NaN for fewer than two elements. Accuracy: relative error about n·2^-53,
    /// independent of the mean's size. Naive (Σx² − (Σx)²/n)/(n − 1) can be negative.
    /// </summary>
    public static T SampleVariance<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Length < 2)
            return T.NaN;
        (_, double sumOfSquares) = CentredMoments(x);
        return T.CreateTruncating(sumOfSquares / (x.Length - 1));
    }

    /// <summary>Mean and Σ(xᵢ − mean)², both in double, the second corrected for the rounding of the mean.</summary>
    private static (double Mean, double SumOfSquares) CentredMoments<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
            return (double.NaN, double.NaN);
        double mean = SumAsDouble(x) / x.Length;
        double deviations = 0, squares = 0;
        foreach (T value in x)
        {
            double d = double.CreateTruncating(value) - mean;
            deviations += d;
            squares += d * d;
        }
        // Σ(xᵢ − mean) is zero in exact arithmetic; what is left measures the error of the mean, and
        // subtracting its square over n removes that error's first-order effect (Chan, Golub & LeVeque).
        double corrected = squares - deviations * deviations / x.Length;
        return (mean, Math.Max(corrected, 0.0));
    }

    private static double SumAsDouble<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
            return Sum(SpanReinterpret.As<T, double>(x));
        if (typeof(T) == typeof(float))
            return SumAsDouble(SpanReinterpret.As<T, float>(x));
        double sum = 0, compensation = 0;
        foreach (T value in x)
            NeumaierAdd(ref sum, ref compensation, double.CreateTruncating(value));
        return sum + compensation;
    }

    private static double SumAsDouble(ReadOnlySpan<float> x)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            // Two accumulators per widened half; float terms are exact in double and the double
            // rounding error stays about 2^29 times below a float ulp of the result.
            var a = Vector256<double>.Zero;
            var b = Vector256<double>.Zero;
            ref float source = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                a += low;
                b += high;
            }
            sum = Vector256.Sum(a + b);
        }
        for (; i < x.Length; i++)
            sum += x[i];
        return sum;
    }

    /// <summary>One step of Neumaier's compensated summation (Kahan's, robust to a term larger than the sum).</summary>
    private static void NeumaierAdd(ref double sum, ref double compensation, double value)
    {
        double t = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }
}
