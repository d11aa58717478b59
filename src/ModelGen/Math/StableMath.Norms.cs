using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// Euclidean norm √Σxᵢ² without overflow or underflow: float and Half square and sum in double (which
    /// no float square can overflow); double is scaled by a power of two (exact) derived from the largest
    /// magnitude. +∞ if any element is infinite, else NaN if any is NaN. Allocation-free.
    /// Accuracy: float and Half are correctly rounded but for double rounding (one rounding of a nearly exact double); double within about 1 + n·2^-53 relative.
    /// Naive <c>Math.Sqrt(Σ x*x)</c> (and TensorPrimitives.Norm for float) is +∞ for [3e20f, 4e20f].
    /// </summary>
    public static T Norm<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            double scaled = ScaledNorm(SpanReinterpret.As<T, double>(x), out int exponent);
            return T.CreateTruncating(Math.ScaleB(scaled, exponent));
        }
        return T.CreateTruncating(Math.Sqrt(SumOfSquaresAsDouble(x)));
    }

    /// <summary>
    /// x / max(‖x‖, ε) into <paramref name="destination"/> (which may be <paramref name="x"/>), the PyTorch
    /// F.normalize convention: a zero vector stays zero instead of becoming NaN. Allocation-free.
    /// Accuracy: each element within about 2 ulp (one norm, one division).
    /// Naive <c>v[i] / norm</c> is 0/0 = NaN for a zero vector.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>.</exception>
    public static void Normalize<T>(ReadOnlySpan<T> x, Span<T> destination, T epsilon) where T : IFloatingPointIeee754<T>
    {
        if (destination.Length < x.Length)
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        double floor = double.CreateTruncating(epsilon);
        if (typeof(T) == typeof(double))
        {
            // Divide the scaled values by the scaled norm so that a norm above double.MaxValue still works.
            var source = SpanReinterpret.As<T, double>(x);
            var target = SpanReinterpret.As<T, double>(destination);
            double scaled = ScaledNorm(source, out int exponent);
            bool useFloor = Math.ScaleB(scaled, exponent) < floor;
            for (int i = 0; i < source.Length; i++)
                target[i] = useFloor ? source[i] / floor : Math.ScaleB(source[i], -exponent) / scaled;
            return;
        }
        double denominator = Math.Max(Math.Sqrt(SumOfSquaresAsDouble(x)), floor);
        for (int i = 0; i < x.Length; i++)
            destination[i] = T.CreateTruncating(double.CreateTruncating(x[i]) / denominator);
    }

    /// <summary>
    /// a·b / (max(‖a‖, ε)·max(‖b‖, ε)), the PyTorch F.cosine_similarity convention: 0 (not NaN) when either
    /// vector is zero. Accumulates in double; double inputs are scaled by powers of two so neither the dot
    /// product nor the norms overflow. Allocation-free.
    /// Accuracy: relative error about n·2^-53 of Σ|aᵢbᵢ|/(‖a‖‖b‖) (plain double accumulation).
    /// Naive <c>dot / (Math.Sqrt(na) * Math.Sqrt(nb))</c> (and TensorPrimitives.CosineSimilarity) is NaN for zero vectors.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static T CosineSimilarity<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T epsilon) where T : IFloatingPointIeee754<T>
    {
        if (a.Length != b.Length)
            throw new ArgumentException("The vectors differ in length.", nameof(b));
        double floor = double.CreateTruncating(epsilon);
        int exponentA = 0, exponentB = 0;
        if (typeof(T) == typeof(double))
        {
            exponentA = ScaleExponent(SpanReinterpret.As<T, double>(a));
            exponentB = ScaleExponent(SpanReinterpret.As<T, double>(b));
        }
        double dot = 0, squaresA = 0, squaresB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double x = Math.ScaleB(double.CreateTruncating(a[i]), -exponentA);
            double y = Math.ScaleB(double.CreateTruncating(b[i]), -exponentB);
            dot += x * y;
            squaresA += x * x;
            squaresB += y * y;
        }
        // Each factor is max(‖v‖, ε) expressed in v's scaled units.
        double denominatorA = Math.Max(Math.Sqrt(squaresA), Math.ScaleB(floor, -exponentA));
        double denominatorB = Math.Max(Math.Sqrt(squaresB), Math.ScaleB(floor, -exponentB));
        return T.CreateTruncating(dot / denominatorA / denominatorB);
    }

    /// <summary>
    /// ‖x‖ = result·2^exponent with the elements scaled by 2^−exponent first, where 2^exponent is the
    /// binade of the largest magnitude; the scaled squares lie in [0, 4) so nothing over- or underflows
    /// that matters. Special values: +∞ if any element is infinite, NaN if any is NaN, 0 for zeros.
    /// </summary>
    private static double ScaledNorm(ReadOnlySpan<double> x, out int exponent)
    {
        exponent = ScaleExponent(x);
        if (exponent == int.MaxValue)
        {
            exponent = 0;
            foreach (double v in x)
                if (double.IsInfinity(v))
                    return double.PositiveInfinity;
            return double.NaN;
        }
        double sum = 0;
        foreach (double v in x)
        {
            double s = Math.ScaleB(v, -exponent);
            sum = Math.FusedMultiplyAdd(s, s, sum);
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The binary exponent of the largest |xᵢ| (0 for all zeros, int.MaxValue for a non-finite element).</summary>
    private static int ScaleExponent(ReadOnlySpan<double> x)
    {
        double largest = 0;
        foreach (double v in x)
        {
            double magnitude = Math.Abs(v);
            if (!double.IsFinite(magnitude))
                return int.MaxValue;
            largest = Math.Max(largest, magnitude);
        }
        return largest == 0 ? 0 : Math.ILogB(largest);
    }

    private static double SumOfSquaresAsDouble<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return SumOfSquaresAsDouble(SpanReinterpret.As<T, float>(x));
        double sum = 0;
        foreach (T value in x)
        {
            double v = double.CreateTruncating(value);
            sum += v * v;
        }
        return sum;
    }

    private static double SumOfSquaresAsDouble(ReadOnlySpan<float> x)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            var a = Vector256<double>.Zero;
            var b = Vector256<double>.Zero;
            ref float source = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                a += low * low;
                b += high * high;
            }
            sum = Vector256.Sum(a + b);
        }
        for (; i < x.Length; i++)
            sum += (double)x[i] * x[i];
        return sum;
    }
}
