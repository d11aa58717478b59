using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Rounding to float16 and bfloat16 storage, exhaustively over both formats' 65536 bit patterns, at
/// every SIMD tier: every representable value survives unchanged, every midpoint between neighbours
/// goes to the even one, and anything just off a midpoint goes to the nearer one.
/// </summary>
public unsafe class StorageRoundingTests
{
    private static float HalfValue(int bits) => (float)BitConverter.UInt16BitsToHalf((ushort)bits);
    private static float BFloat16Value(int bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    public static TheoryData<StoragePrecision> ReducedPrecisions => new() { StoragePrecision.Float16, StoragePrecision.BFloat16 };

    [Theory, MemberData(nameof(ReducedPrecisions))]
    public void EveryRepresentableValueRoundTripsUnchanged(StoragePrecision precision)
    {
        float[] values = Enumerable.Range(0, 65536).Select(b => Value(precision, b)).ToArray();
        ForEachTier(tier =>
        {
            float[] rounded = RoundAll(precision, values);
            for (int b = 0; b < values.Length; b++)
            {
                if (float.IsNaN(values[b])) Assert.True(float.IsNaN(rounded[b]), $"{tier}: NaN pattern {b:X4} lost its NaN");
                else Assert.True(Bits(values[b]) == Bits(rounded[b]), $"{tier}: pattern {b:X4} ({values[b]:R}) became {rounded[b]:R}");
            }
        });
    }

    [Theory, MemberData(nameof(ReducedPrecisions))]
    public void MidpointsRoundToEvenAndNeighboursToTheNearerValue(StoragePrecision precision)
    {
        // Each pair of neighbours (a, b) among the non-negative finite patterns, and the pair
        // (largest finite, infinity), which is where float16 overflows: the midpoint goes to the even
        // pattern, one float ulp either side of it to the nearer value. Negative values mirror them.
        var inputs = new List<float>();
        var expected = new List<float>();
        int infinity = precision == StoragePrecision.Float16 ? 0x7C00 : 0x7F80;
        for (int b = 0; b < infinity; b++)
        {
            float low = Value(precision, b), high = Value(precision, b + 1);
            // Rounding treats infinity's pattern as the next binade's first value: 2^16 for float16, 2^128 for bfloat16.
            double next = b + 1 < infinity ? high : precision == StoragePrecision.Float16 ? 65536.0 : Math.Pow(2, 128);
            float middle = (float)((low + next) / 2);
            float even = b % 2 == 0 ? low : high;
            foreach (float sign in new[] { 1f, -1f })
            {
                inputs.Add(sign * middle); expected.Add(sign * even);
                inputs.Add(sign * float.BitDecrement(middle)); expected.Add(sign * low);
                inputs.Add(sign * float.BitIncrement(middle)); expected.Add(sign * high);
            }
        }
        float[] values = [.. inputs];
        ForEachTier(tier =>
        {
            float[] rounded = RoundAll(precision, values);
            for (int i = 0; i < values.Length; i++)
                Assert.True(Bits(expected[i]) == Bits(rounded[i]), $"{tier}: {values[i]:R} became {rounded[i]:R}, expected {expected[i]:R}");
        });
    }

    [Fact]
    public void HalfRoundingMatchesTheRuntimesConversionOnRandomFloats()
    {
        var random = new Random(7);
        // Magnitudes from far below the smallest subnormal (6e-8) to far above the largest value (65504).
        float[] values = Enumerable.Range(0, 200_000)
            .Select(_ => (float)((random.Next(2) == 0 ? -1 : 1) * Math.Pow(2, random.NextDouble() * 50 - 30)))
            .Concat([0f, -0f, float.Epsilon, 2.98e-8f, 2.9802322e-8f, 5.9604645e-8f, 65519.996f, 65520f, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity])
            .ToArray();
        ForEachTier(tier =>
        {
            float[] rounded = RoundAll(StoragePrecision.Float16, values);
            for (int i = 0; i < values.Length; i++)
            {
                float reference = (float)(Half)values[i];
                Assert.True(Bits(reference) == Bits(rounded[i]), $"{tier}: {values[i]:R} became {rounded[i]:R}; (Half) gives {reference:R}");
            }
        });
    }

    [Fact]
    public void Float16FlushesTinyValuesToZeroWhereBFloat16KeepsThem()
    {
        Assert.Equal(0f, StorageRounding.RoundToHalf(2.9e-8f));             // below half the smallest subnormal
        Assert.Equal(5.9604645e-8f, StorageRounding.RoundToHalf(4e-8f));    // the smallest subnormal, 2^-24
        Assert.Equal(float.PositiveInfinity, StorageRounding.RoundToHalf(70000f));
        Assert.Equal(1e-8f, StorageRounding.RoundToBFloat16(1e-8f), 1e-8f * 4e-3f);
        Assert.True(float.IsNaN(StorageRounding.RoundToHalf(BitConverter.UInt32BitsToSingle(0x7F800001))));
        Assert.True(float.IsNaN(StorageRounding.RoundToBFloat16(BitConverter.UInt32BitsToSingle(0xFF800001))));
    }

    private static float Value(StoragePrecision precision, int bits) => precision == StoragePrecision.Float16 ? HalfValue(bits) : BFloat16Value(bits);

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    /// <summary>Through the span entry point (vectorized at the active tier), with a ragged tail for the scalar path.</summary>
    private static float[] RoundAll(StoragePrecision precision, float[] values)
    {
        float[] copy = [.. values];
        fixed (float* p = copy) StorageRounding.Round(precision, p, copy.Length);
        float[] scalar = [.. values.Select(v => precision == StoragePrecision.Float16 ? StorageRounding.RoundToHalf(v) : StorageRounding.RoundToBFloat16(v))];
        for (int i = 0; i < values.Length; i++)
        {
            if (!(float.IsNaN(scalar[i]) && float.IsNaN(copy[i])))
                Assert.True(Bits(scalar[i]) == Bits(copy[i]), $"vector and scalar rounding disagree on {values[i]:R}: {copy[i]:R} vs {scalar[i]:R}");
        }
        return copy;
    }
}
