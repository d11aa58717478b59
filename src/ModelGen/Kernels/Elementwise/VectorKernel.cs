using System.Numerics;
using System.Runtime.Intrinsics;

namespace ModelGen.Kernels;

/// <summary>
/// A kernel body written once for every SIMD tier. The struct carries the kernel's arguments (and
/// results); <see cref="VectorKernel.Run{T, TKernel}"/> picks the tier, and the JIT specializes
/// <see cref="Run{TVec, TOps}"/> for it, so dispatch costs one switch and allocates nothing.
/// </summary>
internal interface IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void Run<TVec, TOps>()
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>;
}

internal static class VectorKernel
{
    /// <summary>Runs <paramref name="kernel"/> at <see cref="Simd.Active"/>.</summary>
    public static void Run<T, TKernel>(ref TKernel kernel)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IVectorKernel<T>
    {
        switch (Simd.Active)
        {
            case SimdTier.Vector512: kernel.Run<Vector512<T>, Vec512Ops<T>>(); break;
            case SimdTier.Vector256: kernel.Run<Vector256<T>, Vec256Ops<T>>(); break;
            case SimdTier.Vector128: kernel.Run<Vector128<T>, Vec128Ops<T>>(); break;
            default: kernel.Run<T, ScalarOps<T>>(); break;
        }
    }

    /// <summary>
    /// The vector types exist only for <see cref="float"/> and <see cref="double"/>; fail at the
    /// public entry point rather than deep inside a kernel.
    /// </summary>
    public static void RequireSupportedElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Kernels support float and double elements, not {typeof(T).Name}.");
    }

    public static void RequireNonNegative(int value, string paramName)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be >= 0.");
    }
}
