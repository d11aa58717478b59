using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Inverted dropout. Whether element i is kept depends only on (seed, i) through a counter-based
/// hash, so a mask is reproducible whatever the SIMD tier, thread count or call chunking.
/// </summary>
public static unsafe class Dropout
{
    /// <summary>
    /// Training: mask[i] = 1/(1 - probability) for kept elements and 0 for dropped ones, y = x ⊙ mask.
    /// Evaluation: y = x (y may equal x) and the mask is not touched.
    /// </summary>
    public static void Forward<T>(T* x, T* y, T* mask, int count, double probability, ulong seed, bool training)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        if (!(probability >= 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The dropout probability must be in [0, 1).");
        if (!training)
        {
            if (x != y) TensorOps.Copy(x, y, count);
            return;
        }
        T scale = T.CreateTruncating(1 / (1 - probability));
        for (int i = 0; i < count; i++)
            mask[i] = UnitInterval(seed, (ulong)i) >= probability ? scale : T.Zero;
        TensorOps.Multiply(x, mask, y, count);
    }

    /// <summary>dx = dy ⊙ mask; dx may equal dy.</summary>
    public static void Backward<T>(T* dy, T* mask, T* dx, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
        => TensorOps.Multiply(dy, mask, dx, count);

    /// <summary>
    /// A uniform number in [0, 1) from SplitMix64's output mix of seed + (index + 1)·golden ratio:
    /// the mix is a bijection with full avalanche, so neighbouring indices and seeds decorrelate.
    /// </summary>
    internal static double UnitInterval(ulong seed, ulong index)
    {
        ulong z = seed + (index + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
