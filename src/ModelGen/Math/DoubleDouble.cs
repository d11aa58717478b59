using System.Runtime.CompilerServices;

namespace ModelGen;

/// <summary>
/// Error-free transformations and a double-double logarithm: the few extra-precision pieces the
/// stable functions need where one rounding of an intermediate would already cost more than the
/// 2-ulp budget (ln Γ's Stirling form, x·ln x − x, cancels several bits).
/// </summary>
internal static class DoubleDouble
{
    /// <summary>a + b = sum + error exactly (Knuth's TwoSum; no ordering requirement).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoSum(double a, double b, out double error)
    {
        double sum = a + b;
        double bPart = sum - a;
        error = (a - (sum - bPart)) + (b - bPart);
        return sum;
    }

    /// <summary>a · b = product + error exactly, as long as nothing overflows or underflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TwoProduct(double a, double b, out double error)
    {
        double product = a * b;
        error = Math.FusedMultiplyAdd(a, b, -product);
        return product;
    }

    /// <summary>
    /// ln x for finite x &gt; 0 as high + low with a relative error near 2^-60. x = 2^k·m with
    /// m ∈ [√½, √2); ln m = 2·atanh(s), s = (m − 1)/(m + 1) ∈ [−0.172, 0.172], where the leading 2s is
    /// kept in two parts and only the small odd-power tail 2s³/3 + 2s⁵/5 + … is rounded.
    /// </summary>
    public static double Log(double x, out double low)
    {
        int k = Math.ILogB(x);
        double m = Math.ScaleB(x, -k);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            k++;
        }

        double f = m - 1.0; // exact: m and 1 are within a factor of two
        double denominator = TwoSum(2.0, f, out double denominatorLow);
        double s = f / denominator;
        // Remainder of the division, f − s·(denominator + denominatorLow), so s + sLow = f/(2 + f).
        double sLow = (Math.FusedMultiplyAdd(-s, denominator, f) - s * denominatorLow) / denominator;

        double s2 = s * s;
        // 2·(s²/3 + s⁴/5 + …): terms to s^24 leave a relative remainder below 2^-64 of 2s.
        double series = s2 * (2.0 / 3 + s2 * (2.0 / 5 + s2 * (2.0 / 7 + s2 * (2.0 / 9 + s2 * (2.0 / 11 + s2 * (2.0 / 13
            + s2 * (2.0 / 15 + s2 * (2.0 / 17 + s2 * (2.0 / 19 + s2 * (2.0 / 21 + s2 * (2.0 / 23 + s2 * (2.0 / 25))))))))))));
        double tail = 2.0 * sLow + s * series;

        double high = TwoSum(k * LnTwoHigh, 2.0 * s, out double error);
        low = error + (k * LnTwoLow + tail);
        double result = TwoSum(high, low, out low);
        return result;
    }

    // ln 2 split so that k·LnTwoHigh is exact for |k| < 2^11: its low 11+ significand bits are zero.
    private const double LnTwoHigh = 0.693147180559890330187045037746429443359375;
    private const double LnTwoLow = 5.4979230187083711552420206887059373366e-14;
}
