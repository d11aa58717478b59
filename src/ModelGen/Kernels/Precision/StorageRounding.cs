using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Rounds float32 values, in place, to the nearest value a 16-bit storage format holds (round to
/// nearest, ties to even), and keeps them as float32. Training code calls this where real
/// mixed-precision hardware would store a tensor in 16 bits, so the numerics — including float16's
/// overflow to infinity and its gradual underflow to subnormals and zero — are exactly those of
/// that storage, while the arithmetic stays in float32. NaN stays NaN.
/// </summary>
public static unsafe class StorageRounding
{
    private const uint SignMask = 0x8000_0000, MagnitudeMask = 0x7FFF_FFFF, InfinityBits = 0x7F80_0000;

    // float16: 10 fraction bits, so the 13 low bits of a float32's fraction are rounded away in the normal range.
    private const uint HalfDroppedBits = 0x1FFF, HalfHalfwayBelow = 0x0FFF;
    private const int HalfKeptBitShift = 13;
    private const float HalfSmallestNormal = 6.1035156e-5f;  // 2^-14
    private const float HalfLargest = 65504f;
    // Adding 0.5 to a magnitude below 2^-14 leaves it a float whose unit in the last place is 2^-24, the
    // float16 subnormal spacing, so the hardware's own round-to-nearest-even does the subnormal rounding.
    private const float HalfSubnormalRounder = 0.5f;

    // bfloat16: 7 fraction bits and float32's exponent, so only the 16 low bits go.
    private const uint BFloat16DroppedBits = 0xFFFF, BFloat16HalfwayBelow = 0x7FFF;
    private const int BFloat16KeptBitShift = 16;

    /// <summary>Rounds every value to <paramref name="precision"/>; nothing happens for <see cref="StoragePrecision.Float32"/>.</summary>
    public static void Round(StoragePrecision precision, float* values, int count)
    {
        VectorKernel.RequireNonNegative(count, nameof(count));
        switch (precision)
        {
            case StoragePrecision.Float16: RoundToHalf(values, count); break;
            case StoragePrecision.BFloat16: RoundToBFloat16(values, count); break;
            case StoragePrecision.Float32: break;
            default: throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown storage precision.");
        }
    }

    /// <summary>Rounds every value to the nearest IEEE half (binary16) value.</summary>
    public static void RoundToHalf(float* values, int count) => RoundAll<HalfFormat>(values, count);

    /// <summary>Rounds every value to the nearest bfloat16 value.</summary>
    public static void RoundToBFloat16(float* values, int count) => RoundAll<BFloat16Format>(values, count);

    /// <summary>Whole vectors (at any tier but the scalar one, which tests force to check the scalar code), then a scalar tail.</summary>
    private static void RoundAll<TFormat>(float* values, int count)
        where TFormat : struct, IStorageFormat
    {
        VectorKernel.RequireNonNegative(count, nameof(count));
        int i = 0;
        if (Vector.IsHardwareAccelerated && Simd.Active != SimdTier.Scalar)
        {
            for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
                TFormat.Round(Vector.Load(values + i)).Store(values + i);
        }
        for (; i < count; i++) values[i] = TFormat.Round(values[i]);
    }

    private interface IStorageFormat
    {
        static abstract float Round(float value);
        static abstract Vector<float> Round(Vector<float> value);
    }

    private readonly struct HalfFormat : IStorageFormat
    {
        public static float Round(float value) => RoundToHalf(value);
        public static Vector<float> Round(Vector<float> value) => RoundToHalf(value);
    }

    private readonly struct BFloat16Format : IStorageFormat
    {
        public static float Round(float value) => RoundToBFloat16(value);
        public static Vector<float> Round(Vector<float> value) => RoundToBFloat16(value);
    }

    /// <summary>The nearest IEEE half value (ties to even), as a float.</summary>
    public static float RoundToHalf(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint magnitude = bits & MagnitudeMask;
        if (magnitude > InfinityBits) return value;
        float absolute = BitConverter.UInt32BitsToSingle(magnitude);
        float rounded = absolute < HalfSmallestNormal
            ? absolute + HalfSubnormalRounder - HalfSubnormalRounder
            : BitConverter.UInt32BitsToSingle(RoundBits(magnitude, HalfKeptBitShift, HalfHalfwayBelow, HalfDroppedBits));
        if (rounded > HalfLargest) rounded = float.PositiveInfinity;
        return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(rounded) | (bits & SignMask));
    }

    /// <summary>The nearest bfloat16 value (ties to even), as a float.</summary>
    public static float RoundToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & MagnitudeMask) > InfinityBits) return value;
        return BitConverter.UInt32BitsToSingle(RoundBits(bits, BFloat16KeptBitShift, BFloat16HalfwayBelow, BFloat16DroppedBits));
    }

    /// <summary>
    /// Round to nearest even on the bit pattern: adding just under half a unit of the kept last bit,
    /// plus that bit itself, carries into the kept bits exactly when the dropped part is above half,
    /// or at half with an odd kept part. A carry out of the fraction bumps the exponent, which is right
    /// (and reaches infinity from the largest finite value).
    /// </summary>
    private static uint RoundBits(uint bits, int keptShift, uint halfwayBelow, uint droppedMask)
        => (bits + halfwayBelow + ((bits >> keptShift) & 1)) & ~droppedMask;

    private static Vector<float> RoundToHalf(Vector<float> value)
    {
        Vector<uint> bits = value.As<float, uint>();
        Vector<uint> magnitude = bits & new Vector<uint>(MagnitudeMask);
        Vector<float> absolute = magnitude.As<uint, float>();
        Vector<float> subnormal = absolute + new Vector<float>(HalfSubnormalRounder) - new Vector<float>(HalfSubnormalRounder);
        Vector<float> normal = RoundBits(magnitude, HalfKeptBitShift, HalfHalfwayBelow, HalfDroppedBits).As<uint, float>();
        Vector<float> rounded = Vector.ConditionalSelect(Vector.LessThan(absolute, new Vector<float>(HalfSmallestNormal)), subnormal, normal);
        rounded = Vector.ConditionalSelect(Vector.GreaterThan(rounded, new Vector<float>(HalfLargest)), new Vector<float>(float.PositiveInfinity), rounded);
        Vector<float> signed = (rounded.As<float, uint>() | (bits & new Vector<uint>(SignMask))).As<uint, float>();
        return KeepNaN(value, magnitude, signed);
    }

    private static Vector<float> RoundToBFloat16(Vector<float> value)
    {
        Vector<uint> bits = value.As<float, uint>();
        Vector<float> rounded = RoundBits(bits, BFloat16KeptBitShift, BFloat16HalfwayBelow, BFloat16DroppedBits).As<uint, float>();
        return KeepNaN(value, bits & new Vector<uint>(MagnitudeMask), rounded);
    }

    private static Vector<uint> RoundBits(Vector<uint> bits, int keptShift, uint halfwayBelow, uint droppedMask)
        => (bits + new Vector<uint>(halfwayBelow) + (Vector.ShiftRightLogical(bits, keptShift) & Vector<uint>.One)) & new Vector<uint>(~droppedMask);

    /// <summary>The bit tricks would turn a NaN with only low payload bits into infinity; NaNs pass through unchanged.</summary>
    private static Vector<float> KeepNaN(Vector<float> original, Vector<uint> magnitude, Vector<float> rounded)
        => Vector.ConditionalSelect(Vector.GreaterThan(magnitude, new Vector<uint>(InfinityBits)).As<uint, float>(), original, rounded);
}
