using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>The vector width the CPU kernels run at.</summary>
public enum SimdTier
{
    /// <summary>Plain scalar code: always available, easiest to step through.</summary>
    Scalar = 0,
    /// <summary>128-bit <see cref="Vector128{T}"/> (SSE on x64, NEON on ARM64).</summary>
    Vector128 = 1,
    /// <summary>256-bit <see cref="Vector256{T}"/> with FMA (AVX2+FMA).</summary>
    Vector256 = 2,
    /// <summary>512-bit <see cref="Vector512{T}"/> (AVX-512).</summary>
    Vector512 = 3,
}

/// <summary>Chooses the SIMD tier once at start-up from what the runtime reports as accelerated.</summary>
public static class Simd
{
    /// <summary>The widest tier this process can run. Honors the runtime's DOTNET_Enable* switches.</summary>
    public static SimdTier BestSupported { get; } = Detect();

    private static SimdTier _active = BestSupported;

    /// <summary>
    /// The tier kernels dispatch on. Defaults to <see cref="BestSupported"/>; tests lower it to run
    /// the narrower code paths on a wide machine. A tier wider than the hardware supports is refused.
    /// </summary>
    public static SimdTier Active
    {
        get => _active;
        set
        {
            if (value > BestSupported)
                throw new NotSupportedException($"SIMD tier {value} is not supported on this CPU (best is {BestSupported}).");
            _active = value;
        }
    }

    private static SimdTier Detect()
    {
        if (Vector512.IsHardwareAccelerated) return SimdTier.Vector512;
        // The 256-bit tier is written for AVX2+FMA; without FMA the 128-bit tier is the better choice.
        if (Vector256.IsHardwareAccelerated && (Fma.IsSupported || !X86Base.IsSupported)) return SimdTier.Vector256;
        if (Vector128.IsHardwareAccelerated) return SimdTier.Vector128;
        return SimdTier.Scalar;
    }
}
