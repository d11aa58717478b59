namespace ModelGen;

/// <summary>
/// Numerically stable replacements for the naive floating-point forms that ModelGen's analyzers
/// flag (MG-* rules; see shared/research/stability-catalog.md). Every scalar function has double,
/// float and Half overloads; float and Half evaluate the double algorithm and round once (double
/// carries 29 or more spare bits). Accuracy figures are the worst distances from the correctly
/// rounded result measured against mpmath tables (tests/ModelGen.Tests/StableMath/Reference, from
/// tools/mpmath/make_reference.py) and, for Half, over every finite input; the tests allow 2 ulp.
/// Where one rounding too many would cost the last bit, the implementation carries a second double
/// (double-double, see DoubleDouble); .NET's own double.LogP1/ExpM1 are naive and never used.
/// </summary>
public static partial class StableMath
{
    /// <summary>
    /// ln(1 + x) for x ≥ −1 (−∞ at −1, NaN below). Within 1 ulp for double, float and Half.
    /// Naive <c>Math.Log(1 + x)</c> (and .NET's <c>double.LogP1</c>) loses every bit of x below 2^-53 relative to 1.
    /// </summary>
    public static double Log1P(double x)
    {
        // u = 1 + x rounded, and lost = (1 + x) − u exactly.
        double u = DoubleDouble.TwoSum(1.0, x, out double lost);
        if (u == 1.0)
            return x; // |x| ≤ 2^-53: ln(1 + x) = x − x²/2 + … rounds to x; keeps −0.
        if (!(u > 0.0) || double.IsPositiveInfinity(u))
            return u == 0.0 ? double.NegativeInfinity : Math.Log(u); // −1, below −1 (NaN), NaN, +∞
        // ln(1 + x) = ln(u + lost) = ln u + lost/u to far below an ulp, because |lost/u| ≤ 2^-53.
        return Math.Log(u) + lost / u;
    }

    /// <inheritdoc cref="Log1P(double)"/>
    public static float Log1P(float x) => (float)Log1P((double)x);

    /// <inheritdoc cref="Log1P(double)"/>
    public static Half Log1P(Half x) => (Half)Log1P((double)x);

    /// <summary>
    /// ln(1 − eˣ) for x ≤ 0: −∞ at 0, NaN for x &gt; 0. Mächler's two branches: ln(−expm1(x)) above −ln 2,
    /// log1p(−eˣ) below, so neither 1 − eˣ near x = 0 nor ln(≈1) for very negative x cancels.
    /// Within 1 ulp for double, float and Half.
    /// Naive <c>Math.Log(1 - Math.Exp(x))</c> is −∞ for |x| &lt; 1e−16 and 0 for x &lt; −37.
    /// </summary>
    public static double Log1MExp(double x)
    {
        const double MinusLn2 = -0.6931471805599453;
        if (x > -0.0625 || double.IsNaN(x))
            return Math.Log(-ExpM1(x)); // |ln(−expm1 x)| ≥ 2.7 here, so expm1's error shrinks in the log
        if (x > MinusLn2)
        {
            // 1 − eˣ ∈ (0.06, 1/2) in double-double (eˣ's absolute error is ~2^-70), then its logarithm.
            var power = DoubleDouble.Exp((x, 0.0));
            var complement = DoubleDouble.Add((1.0, 0.0), (-power.Hi, -power.Lo));
            double log = DoubleDouble.Log(complement.Hi, out double logLow);
            return log + (logLow + complement.Lo / complement.Hi);
        }
        // ln(1 − eˣ) with eˣ ≤ 1/2, in double-double: two roundings in a row would otherwise reach 2 ulp.
        var exponential = DoubleDouble.Exp((x, 0.0));
        var result = DoubleDouble.Log1P((-exponential.Hi, -exponential.Lo));
        return result.Hi + result.Lo;
    }

    /// <inheritdoc cref="Log1MExp(double)"/>
    public static float Log1MExp(float x) => (float)Log1MExp((double)x);

    /// <inheritdoc cref="Log1MExp(double)"/>
    public static Half Log1MExp(Half x) => (Half)Log1MExp((double)x);

    /// <summary>
    /// x·ln y, defined as 0 when x == 0 and y is not NaN (the limit used for entropies and KL terms).
    /// Within 1 ulp.
    /// Naive <c>x * Math.Log(y)</c> is 0·(−∞) = NaN at x = y = 0.
    /// </summary>
    public static double XLogY(double x, double y)
        => x == 0.0 && !double.IsNaN(y) ? 0.0 : x * Math.Log(y);

    /// <inheritdoc cref="XLogY(double, double)"/>
    public static float XLogY(float x, float y) => (float)XLogY((double)x, y);

    /// <inheritdoc cref="XLogY(double, double)"/>
    public static Half XLogY(Half x, Half y) => (Half)XLogY((double)x, (double)y);

    /// <summary>
    /// x·ln(1 + y), 0 when x == 0 and y is not NaN; uses <see cref="Log1P(double)"/> so small y keeps its bits.
    /// Within 1 ulp (ln(1 + y) is double-double, so the product rounds once).
    /// Naive <c>x * Math.Log(1 + y)</c> is NaN at x = 0, y = −1 and loses y below 2^-53.
    /// </summary>
    public static double XLog1PY(double x, double y)
    {
        if (x == 0.0 && !double.IsNaN(y))
            return 0.0;
        if (!(y > -1.0) || !double.IsFinite(y) || !double.IsFinite(x))
            return x * Log1P(y); // special values: the plain product has the right limits
        // ln(1 + y) in two parts, so the product rounds only once.
        var log = DoubleDouble.Log1P((y, 0.0));
        return Math.FusedMultiplyAdd(x, log.Hi, x * log.Lo);
    }

    /// <inheritdoc cref="XLog1PY(double, double)"/>
    public static float XLog1PY(float x, float y) => (float)XLog1PY((double)x, y);

    /// <inheritdoc cref="XLog1PY(double, double)"/>
    public static Half XLog1PY(Half x, Half y) => (Half)XLog1PY((double)x, (double)y);

    /// <summary>
    /// ln(eᵃ + eᵇ) = max + log1p(e^(min − max)): never overflows or underflows; ±∞ inputs follow the limits.
    /// The tail is double-double, so the result keeps its relative accuracy even where it is small, except
    /// right at eᵃ + eᵇ ≈ 1 (result ≈ 0), where the absolute error is about 2^-70·max(|a|, |b|, 1).
    /// Elsewhere within 1 ulp (measured).
    /// Naive <c>Math.Log(Math.Exp(a) + Math.Exp(b))</c> is +∞ for a &gt; 709.78 and −∞ for both below −745.
    /// </summary>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
            return double.NaN;
        double max = Math.Max(a, b);
        double min = Math.Min(a, b);
        if (double.IsInfinity(max) || double.IsNegativeInfinity(min))
            return max; // +∞ dominates; −∞ contributes e^-∞ = 0
        // Everything after max is carried in two parts: the rounding of min − max alone would be an
        // absolute error in e^(min − max), i.e. many ulp of a result that is itself small, and the
        // final max + ln(1 + e^d) may cancel when the result is near 0.
        double difference = DoubleDouble.TwoSum(min, -max, out double differenceLow);
        var exponential = DoubleDouble.Exp((difference, differenceLow)); // in [0, 1]
        var log = DoubleDouble.Log1P(exponential);
        double result = DoubleDouble.TwoSum(max, log.Hi, out double resultLow);
        return result + (resultLow + log.Lo);
    }

    /// <inheritdoc cref="LogAddExp(double, double)"/>
    public static float LogAddExp(float a, float b) => (float)LogAddExp((double)a, b);

    /// <inheritdoc cref="LogAddExp(double, double)"/>
    public static Half LogAddExp(Half a, Half b) => (Half)LogAddExp((double)a, (double)b);
}
