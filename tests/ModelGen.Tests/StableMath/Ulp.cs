namespace ModelGen.Tests.StableMath;

/// <summary>
/// Distance in units in the last place: the number of representable values between two results,
/// counted on the line where the bit patterns are ordered like the values (−0 and +0 coincide).
/// NaN is at distance 0 from NaN and infinitely far from anything else; ±∞ sit one step past the
/// largest finite value, so "rounded to max instead of overflowing" is 1 ulp.
/// </summary>
internal static class Ulp
{
    public const long Infinite = long.MaxValue;

    public static long Distance(double actual, double expected)
    {
        if (double.IsNaN(actual) || double.IsNaN(expected))
            return double.IsNaN(actual) && double.IsNaN(expected) ? 0 : Infinite;
        return Math.Abs(Ordered(BitConverter.DoubleToInt64Bits(actual)) - Ordered(BitConverter.DoubleToInt64Bits(expected)));
    }

    public static long Distance(float actual, float expected)
    {
        if (float.IsNaN(actual) || float.IsNaN(expected))
            return float.IsNaN(actual) && float.IsNaN(expected) ? 0 : Infinite;
        return Math.Abs(Ordered(BitConverter.SingleToInt32Bits(actual)) - (long)Ordered(BitConverter.SingleToInt32Bits(expected)));
    }

    public static long Distance(Half actual, Half expected)
    {
        if (Half.IsNaN(actual) || Half.IsNaN(expected))
            return Half.IsNaN(actual) && Half.IsNaN(expected) ? 0 : Infinite;
        return Math.Abs(Ordered(BitConverter.HalfToInt16Bits(actual)) - (long)Ordered(BitConverter.HalfToInt16Bits(expected)));
    }

    private static long Ordered(long bits) => bits < 0 ? long.MinValue - bits : bits;

    private static int Ordered(int bits) => bits < 0 ? int.MinValue - bits : bits;

    private static int Ordered(short bits) => bits < 0 ? short.MinValue - bits : bits;
}
