using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// ln Σ exp(xᵢ), shifted by the maximum so no exponential overflows or all underflow: m + ln Σ exp(xᵢ − m).
    /// Empty → −∞; any NaN → NaN; a +∞ element → +∞; all −∞ → −∞. float and Half accumulate in double.
    /// Accuracy: float and Half within 1 ulp; double within a few ulp (absolute error about n·2^-53 plus the vector exp's 2 ulp).
    /// Vectorized, allocation-free. Naive <c>Math.Log(x.Sum(Math.Exp))</c> is +∞ once any xᵢ &gt; 709.78 and −∞ when all are below −745.
    /// </summary>
    public static T LogSumExp<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
            return T.CreateTruncating(LogSumExpDouble(SpanReinterpret.As<T, double>(x)));
        if (typeof(T) == typeof(float))
            return T.CreateTruncating(LogSumExpFloat(SpanReinterpret.As<T, float>(x)));
        double max = MaxAsDouble(x);
        if (!double.IsFinite(max))
            return T.CreateTruncating(max);
        double sum = 0;
        foreach (T value in x)
            sum += Math.Exp(double.CreateTruncating(value) - max);
        return T.CreateTruncating(max + Math.Log(sum));
    }

    /// <summary>
    /// softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) with m = max x, written to <paramref name="destination"/>
    /// (which may be <paramref name="x"/> itself). The division form, not exp(xᵢ − LSE), which loses accuracy
    /// (Blanchard, Higham &amp; Higham 2021). A NaN, a +∞ element or an all −∞ row gives NaN, as in PyTorch.
    /// Accuracy: each probability within a few ulp (vector exp ≤ 2 ulp, one division; float divides in double).
    /// Vectorized, allocation-free. Naive exp(xᵢ)/Σexp(xⱼ) (and .NET's TensorPrimitives.SoftMax) is NaN once any xᵢ &gt; 709.78.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>.</exception>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (destination.Length < x.Length)
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        if (typeof(T) == typeof(double))
        {
            SoftmaxDouble(SpanReinterpret.As<T, double>(x), SpanReinterpret.As<T, double>(destination));
            return;
        }
        if (typeof(T) == typeof(float))
        {
            SoftmaxFloat(SpanReinterpret.As<T, float>(x), SpanReinterpret.As<T, float>(destination));
            return;
        }
        double max = MaxAsDouble(x);
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
            sum += Math.Exp(double.CreateTruncating(x[i]) - max);
        for (int i = 0; i < x.Length; i++)
            destination[i] = T.CreateTruncating(Math.Exp(double.CreateTruncating(x[i]) - max) / sum);
    }

    /// <summary>
    /// log softmax(x)ᵢ = xᵢ − LSE(x), finite wherever xᵢ is, however negative (cross-entropy from logits).
    /// Accuracy: that of <see cref="LogSumExp{T}"/> in absolute terms, plus one rounding.
    /// <paramref name="destination"/> may be <paramref name="x"/> itself. Allocation-free.
    /// Naive <c>Math.Log(softmax[i])</c> is −∞ once the probability underflows (xᵢ − max &lt; −745).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="x"/>.</exception>
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (destination.Length < x.Length)
            throw new ArgumentException("Destination is shorter than the input.", nameof(destination));
        double logSumExp = double.CreateTruncating(LogSumExp(x));
        for (int i = 0; i < x.Length; i++)
            destination[i] = T.CreateTruncating(double.CreateTruncating(x[i]) - logSumExp);
    }

    private static double MaxAsDouble<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        double max = double.NegativeInfinity;
        foreach (T value in x)
        {
            double v = double.CreateTruncating(value);
            if (double.IsNaN(v))
                return v;
            max = Math.Max(max, v);
        }
        return max;
    }

    private static double LogSumExpDouble(ReadOnlySpan<double> x)
    {
        double max = MaxDouble(x);
        if (!double.IsFinite(max))
            return max; // NaN, +∞, or all −∞ (including empty)
        double sum = SumOfShiftedExponentials(x, max, default);
        return max + Math.Log(sum);
    }

    private static double LogSumExpFloat(ReadOnlySpan<float> x)
    {
        float max = MaxFloat(x);
        if (!float.IsFinite(max))
            return max;
        return max + Math.Log(SumOfShiftedExponentials(x, max, default));
    }

    private static void SoftmaxDouble(ReadOnlySpan<double> x, Span<double> destination)
    {
        double max = MaxDouble(x);
        if (!double.IsFinite(max))
        {
            destination[..x.Length].Fill(double.NaN);
            return;
        }
        double sum = SumOfShiftedExponentials(x, max, destination);
        DivideInPlace(destination[..x.Length], sum);
    }

    private static void SoftmaxFloat(ReadOnlySpan<float> x, Span<float> destination)
    {
        float max = MaxFloat(x);
        if (!float.IsFinite(max))
        {
            destination[..x.Length].Fill(float.NaN);
            return;
        }
        double sum = SumOfShiftedExponentials(x, max, destination);
        for (int i = 0; i < x.Length; i++)
            destination[i] = (float)(destination[i] / sum); // divide in double: one rounding to float
    }

    private static void DivideInPlace(Span<double> values, double sum)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var divisor = Vector256.Create(sum);
            ref double start = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
                Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref start, (nuint)i) / divisor, ref start, (nuint)i);
        }
        for (; i < values.Length; i++)
            values[i] /= sum;
    }

    /// <summary>Σ exp(xᵢ − max), optionally storing each exponential; vectorized with four-lane partial sums.</summary>
    private static double SumOfShiftedExponentials(ReadOnlySpan<double> x, double max, Span<double> store)
    {
        bool keep = !store.IsEmpty;
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<double>.Count)
        {
            var shift = Vector256.Create(max);
            var partial = Vector256<double>.Zero;
            ref double source = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var e = Vector256.Exp(Vector256.LoadUnsafe(ref source, (nuint)i) - shift);
                if (keep)
                    e.StoreUnsafe(ref MemoryMarshal.GetReference(store), (nuint)i);
                partial += e;
            }
            sum = Vector256.Sum(partial);
        }
        for (; i < x.Length; i++)
        {
            double e = Math.Exp(x[i] - max);
            if (keep)
                store[i] = e;
            sum += e;
        }
        return sum;
    }

    /// <summary>Σ exp(xᵢ − max) in double for float input (widened, so exp is double-accurate); optionally stores each exponential as float.</summary>
    private static double SumOfShiftedExponentials(ReadOnlySpan<float> x, float max, Span<float> store)
    {
        bool keep = !store.IsEmpty;
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            var shift = Vector256.Create((double)max);
            var partial = Vector256<double>.Zero;
            ref float source = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                var eLow = Vector256.Exp(low - shift);
                var eHigh = Vector256.Exp(high - shift);
                if (keep)
                    Vector256.Narrow(eLow, eHigh).StoreUnsafe(ref MemoryMarshal.GetReference(store), (nuint)i);
                partial += eLow + eHigh;
            }
            sum = Vector256.Sum(partial);
        }
        for (; i < x.Length; i++)
        {
            double e = Math.Exp((double)x[i] - max);
            if (keep)
                store[i] = (float)e;
            sum += e;
        }
        return sum;
    }

    /// <summary>Largest element; NaN if any element is NaN; −∞ for an empty span.</summary>
    private static double MaxDouble(ReadOnlySpan<double> x)
    {
        int i = 0;
        double max = double.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<double>.Count)
        {
            var best = Vector256.Create(double.NegativeInfinity);
            var nan = Vector256<double>.Zero;
            ref double source = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref source, (nuint)i);
                nan |= ~Vector256.Equals(v, v);
                best = Vector256.Max(best, v);
            }
            if (nan != Vector256<double>.Zero)
                return double.NaN;
            for (int lane = 0; lane < Vector256<double>.Count; lane++)
                max = Math.Max(max, best[lane]);
        }
        for (; i < x.Length; i++)
            max = Math.Max(max, x[i]); // Math.Max propagates NaN
        return max;
    }

    /// <inheritdoc cref="MaxDouble"/>
    private static float MaxFloat(ReadOnlySpan<float> x)
    {
        int i = 0;
        float max = float.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            var best = Vector256.Create(float.NegativeInfinity);
            var nan = Vector256<float>.Zero;
            ref float source = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref source, (nuint)i);
                nan |= ~Vector256.Equals(v, v);
                best = Vector256.Max(best, v);
            }
            if (nan != Vector256<float>.Zero)
                return float.NaN;
            for (int lane = 0; lane < Vector256<float>.Count; lane++)
                max = MathF.Max(max, best[lane]);
        }
        for (; i < x.Length; i++)
            max = MathF.Max(max, x[i]);
        return max;
    }
}
