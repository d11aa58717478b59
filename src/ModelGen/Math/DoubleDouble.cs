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

    /// <summary>a + b = sum + error exactly, given |a| ≥ |b| or a == 0 (Dekker's FastTwoSum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Hi, double Lo) Normalize(double a, double b)
    {
        double sum = a + b;
        return (sum, b - (sum - a));
    }

    /// <summary>(a.Hi + a.Lo) + (b.Hi + b.Lo) to about 2^-104 relative (absent massive cancellation).</summary>
    public static (double Hi, double Lo) Add((double Hi, double Lo) a, (double Hi, double Lo) b)
    {
        double sum = TwoSum(a.Hi, b.Hi, out double error);
        return Normalize(sum, error + (a.Lo + b.Lo));
    }

    /// <summary>(a.Hi + a.Lo)·(b.Hi + b.Lo) to about 2^-104 relative.</summary>
    public static (double Hi, double Lo) Multiply((double Hi, double Lo) a, (double Hi, double Lo) b)
    {
        double product = TwoProduct(a.Hi, b.Hi, out double error);
        return Normalize(product, error + (a.Hi * b.Lo + a.Lo * b.Hi));
    }

    /// <summary>(a.Hi + a.Lo)/d to about 2^-104 relative.</summary>
    public static (double Hi, double Lo) Divide((double Hi, double Lo) a, double d)
    {
        double quotient = a.Hi / d;
        double remainder = Math.FusedMultiplyAdd(-quotient, d, a.Hi) + a.Lo;
        return Normalize(quotient, remainder / d);
    }

    /// <summary>1/(a.Hi + a.Lo) to about 2^-104 relative.</summary>
    public static (double Hi, double Lo) Reciprocal((double Hi, double Lo) a)
    {
        double quotient = 1.0 / a.Hi;
        double remainder = Math.FusedMultiplyAdd(-quotient, a.Hi, 1.0) - quotient * a.Lo;
        return Normalize(quotient, remainder / a.Hi);
    }

    /// <summary>
    /// e^(y.Hi + y.Lo) as high + low with a relative error near 2^-70, for y.Hi ≤ 709. The runtime's exp
    /// (error ≤ 0.51 ulp) gives E; the double-double logarithm then measures exactly how far ln E is from
    /// y, and e^y = E·e^δ ≈ E·(1 + δ). Below e^-700 the work is done 2^256 higher and scaled back.
    /// </summary>
    public static (double Hi, double Lo) Exp((double Hi, double Lo) y)
    {
        if (y.Hi < -746)
            return (0.0, 0.0); // below half the smallest subnormal (also −∞)
        if (y.Hi < -700)
        {
            // Work 2^256 higher so that E keeps its full precision, then scale both parts back (exact
            // for a normal result; a subnormal one rounds once, as it must).
            var scaled = Exp(Add(y, (256 * LnTwoHigh, 256 * LnTwoLow)));
            return (Math.ScaleB(scaled.Hi, -256), Math.ScaleB(scaled.Lo, -256));
        }
        double e = Math.Exp(y.Hi);
        if (!double.IsFinite(e) || e == 0)
            return (e, 0.0);
        double logE = Log(e, out double logELow);
        double delta = ((y.Hi - logE) - logELow) + y.Lo; // y.Hi − logE is exact: they agree to ~52 bits
        return Normalize(e, e * delta);
    }

    /// <summary>
    /// ln(1 + z) for z = z.Hi + z.Lo &gt; −1 (finite), as high + low: 1 + z is split exactly into u and
    /// what its rounding lost, and ln(u + lost) = ln u + lost/u with the double-double ln u.
    /// </summary>
    public static (double Hi, double Lo) Log1P((double Hi, double Lo) z)
    {
        double u = TwoSum(1.0, z.Hi, out double lost);
        lost += z.Lo;
        if (u == 1.0)
            return Normalize(z.Hi, z.Lo - 0.5 * z.Hi * z.Hi); // |z| ≤ 2^-53: z − z²/2 is exact enough
        double log = Log(u, out double low);
        return Normalize(log, low + lost / u);
    }

    /// <summary>
    /// ln x for finite x &gt; 0 as high + low with an error near 2^-70 (relative to ln x, and absolute
    /// for the mantissa part). x = 2^k·m with m ∈ [√½, √2); ln m = 2·atanh(s), s = (m − 1)/(m + 1) ∈
    /// [−0.172, 0.172], where 2s + 2s³/3 + 2s⁵/5 is kept in two parts and only the small rest is rounded.
    /// </summary>
    public static double Log(double x, out double low)
    {
        // x = 2^k·m with m ∈ [1, 2), read straight from the bits (Math.ILogB/ScaleB are far slower);
        // a subnormal x is first scaled into the normal range by 2^54.
        long bits = BitConverter.DoubleToInt64Bits(x);
        int k = 0;
        if (bits < 0x0010000000000000L)
        {
            bits = BitConverter.DoubleToInt64Bits(x * 18014398509481984.0);
            k = -54;
        }
        k += (int)(bits >> 52) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
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

        // ln m = 2s + (2/3)s³ + (2/5)s⁵ + s⁷·R(s²). The first three terms are double-double; the rest is
        // below 2^-17 of 2s, so rounding it in double costs less than 2^-70.
        var sPair = (s, sLow);
        var square = Multiply(sPair, sPair);
        var cube = Multiply(square, sPair);
        var fifth = Multiply(cube, square);
        double s2 = square.Hi;
        double rest = s2 * (2.0 / 7 + s2 * (2.0 / 9 + s2 * (2.0 / 11 + s2 * (2.0 / 13 + s2 * (2.0 / 15 + s2 * (2.0 / 17
            + s2 * (2.0 / 19 + s2 * (2.0 / 21 + s2 * (2.0 / 23 + s2 * (2.0 / 25)))))))))) * fifth.Hi;
        var odd = Add(Multiply(cube, (TwoThirdsHigh, TwoThirdsLow)), Multiply(fifth, (TwoFifthsHigh, TwoFifthsLow)));
        var mantissaLog = Add((2.0 * s, 2.0 * sLow), Add(odd, (rest, 0.0)));

        var withExponent = Add((k * LnTwoHigh, k * LnTwoLow), mantissaLog);
        low = withExponent.Lo;
        return withExponent.Hi;
    }

    private const double TwoThirdsHigh = 0.6666666666666666, TwoThirdsLow = 3.700743415417188e-17;
    private const double TwoFifthsHigh = 0.4, TwoFifthsLow = -2.2204460492503132e-17;

    // ln 2 split so that k·LnTwoHigh is exact for |k| < 2^11: its low 11+ significand bits are zero.
    private const double LnTwoHigh = 0.693147180559890330187045037746429443359375;
    private const double LnTwoLow = 5.4979230187083711552420206887059373366e-14;
}
