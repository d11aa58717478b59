namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// The error function erf x = (2/√π)∫₀ˣ e^(−t²) dt for any x (±1 at ±∞; −0 kept). Within 1 ulp:
    /// a double-double Taylor series below |x| = 2, 1 − erfc(|x|) beyond.
    /// .NET has no erf; the common Abramowitz–Stegun 7.1.26 formula is good only to 1.5e−7 absolute.
    /// </summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (!(a < 2.0))
        {
            if (double.IsNaN(x))
                return x;
            double tail = a > 6.0 ? 0.0 : ErfcContinuedFraction((a, 0.0)).Hi; // erfc(6) < 2^-56
            return Math.CopySign(1.0 - tail, x);
        }
        if (x == 0)
            return x; // keeps −0, which the double-double arithmetic would turn into +0
        return ErfSeries((x, 0.0)).Hi;
    }

    /// <inheritdoc cref="Erf(double)"/>
    public static float Erf(float x) => (float)Erf((double)x);

    /// <inheritdoc cref="Erf(double)"/>
    public static Half Erf(Half x) => (Half)Erf((double)x);

    /// <summary>
    /// The complementary error function erfc x = 1 − erf x, with full relative accuracy in the right tail down
    /// to the subnormals (0 beyond 27.3, 2 below −6). Within 1 ulp: 1 − erf from a double-double series for
    /// |x| &lt; 2, Lentz-free backward evaluation of the Laplace continued fraction beyond, times a double-double e^(−x²).
    /// Naive <c>1 - Erf(x)</c> is 0 for x &gt; 5.9 and has no correct digit well before.
    /// </summary>
    public static double Erfc(double x)
    {
        var result = ErfcDoubleDouble((x, 0.0));
        return result.Hi + result.Lo;
    }

    /// <inheritdoc cref="Erfc(double)"/>
    public static float Erfc(float x) => (float)Erfc((double)x);

    /// <inheritdoc cref="Erfc(double)"/>
    public static Half Erfc(Half x) => (Half)Erfc((double)x);

    /// <summary>
    /// ln Φ(x), the log of the standard normal CDF, for any x: log1p(−Φ(−x)) for x &gt; 0, ln Φ(x) down to −20,
    /// and below that the Mills-ratio expansion −x²/2 − ln(−x) − ln√(2π) + ln(1 − 1/x² + 3/x⁴ − …). x/√2 is
    /// carried in two parts, since rounding it would cost up to x² ulp in the tail.
    /// Within 1 ulp for double, float and Half.
    /// Naive <c>Math.Log(0.5 * (1 + Erf(x / Math.Sqrt(2))))</c> is −∞ for x &lt; −8.29.
    /// </summary>
    public static double LogNdtr(double x)
    {
        if (double.IsNaN(x))
            return x;
        if (x < -20)
            return LogNdtrLeftTail(x);
        // Φ(x) = erfc(−x/√2)/2 with −x/√2 in double-double.
        double scaled = DoubleDouble.TwoProduct(-x, InverseSqrt2High, out double scaledLow);
        scaledLow += -x * InverseSqrt2Low;
        if (x > 0)
        {
            if (x > 40)
                return -0.0; // Φ(−x) is below every subnormal
            // ln(1 − q) with q = Φ(−x) = erfc(x/√2)/2 small: a double-double log1p.
            var q = ErfcDoubleDouble((-scaled, -scaledLow));
            var log = DoubleDouble.Log1P((-0.5 * q.Hi, -0.5 * q.Lo));
            return log.Hi + log.Lo;
        }
        var phi = ErfcDoubleDouble((scaled, scaledLow));
        double phiHi = 0.5 * phi.Hi, phiLo = 0.5 * phi.Lo;
        double logHi = DoubleDouble.Log(phiHi, out double logLo);
        return logHi + (logLo + phiLo / phiHi);
    }

    /// <inheritdoc cref="LogNdtr(double)"/>
    public static float LogNdtr(float x) => (float)LogNdtr((double)x);

    /// <inheritdoc cref="LogNdtr(double)"/>
    public static Half LogNdtr(Half x) => (Half)LogNdtr((double)x);

    private const double InverseSqrt2High = 0.7071067811865476, InverseSqrt2Low = -4.833646656726457e-17;
    private const double TwoOverSqrtPiHigh = 1.1283791670955126, TwoOverSqrtPiLow = 1.533545961316588e-17;
    private const double InverseSqrtPiHigh = 0.5641895835477563, InverseSqrtPiLow = 7.66772980658294e-18;

    /// <summary>erfc of a double-double argument, as double-double; the core of Erfc and LogNdtr.</summary>
    private static (double Hi, double Lo) ErfcDoubleDouble((double Hi, double Lo) x)
    {
        double a = Math.Abs(x.Hi);
        if (double.IsNaN(a))
            return (a, 0.0);
        if (a < 2.0)
        {
            // 1 − erf x: erf's double-double value keeps the difference accurate even at erfc(2) ≈ 0.0047.
            var erf = ErfSeries(x);
            return DoubleDouble.Add((1.0, 0.0), (-erf.Hi, -erf.Lo));
        }
        if (x.Hi > 0)
            return x.Hi > 27.3 ? (0.0, 0.0) : ErfcContinuedFraction(x); // erfc(27.3) < 2^-1075
        if (x.Hi < -6.0)
            return (2.0, 0.0);
        var right = ErfcContinuedFraction((-x.Hi, -x.Lo));
        return DoubleDouble.Add((2.0, 0.0), (-right.Hi, -right.Lo)); // erfc(−a) = 2 − erfc(a)
    }

    /// <summary>
    /// erf x = (2/√π)·Σₙ (−1)ⁿ x^(2n+1)/(n!(2n+1)) for |x| &lt; 2, every term and the sum in double-double.
    /// The alternating terms grow to about 3 at |x| = 2, so a plain double sum would lose up to four bits;
    /// in double-double the loss is invisible.
    /// </summary>
    private static (double Hi, double Lo) ErfSeries((double Hi, double Lo) x)
    {
        var square = DoubleDouble.Multiply(x, x);
        var power = x; // x^(2n+1)/n!
        var sum = x;
        for (int n = 1; n < 60; n++)
        {
            power = DoubleDouble.Divide(DoubleDouble.Multiply(power, square), n);
            var term = DoubleDouble.Divide(power, 2 * n + 1);
            sum = DoubleDouble.Add(sum, (n & 1) == 1 ? (-term.Hi, -term.Lo) : term);
            if (Math.Abs(term.Hi) <= Math.Abs(sum.Hi) * 7.703719777548943e-34 /* 2^-110 */)
                break;
        }
        return DoubleDouble.Multiply(sum, (TwoOverSqrtPiHigh, TwoOverSqrtPiLow));
    }

    /// <summary>
    /// erfc a for a ≥ 2 (a double-double) as e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))).
    /// The fraction is evaluated from the back with a depth that gives 2^-62 (300/a² + 10 levels); only
    /// its last step, where the rounding matters, is done in double-double, and so are e^(−a²) and 1/√π.
    /// </summary>
    private static (double Hi, double Lo) ErfcContinuedFraction((double Hi, double Lo) a)
    {
        int depth = (int)(300.0 / (a.Hi * a.Hi)) + 10;
        double rest = 0;
        for (int k = depth; k >= 1; k--)
            rest = 0.5 * k / (a.Hi + rest);
        var fraction = DoubleDouble.Reciprocal(DoubleDouble.Add(a, (rest, 0.0)));
        var square = DoubleDouble.Multiply(a, a);
        var gaussian = DoubleDouble.Exp((-square.Hi, -square.Lo));
        return DoubleDouble.Multiply(DoubleDouble.Multiply(gaussian, fraction), (InverseSqrtPiHigh, InverseSqrtPiLow));
    }

    private static double LogNdtrLeftTail(double x)
    {
        // Φ(x) = φ(x)/|x| · (1 − 1/x² + 3/x⁴ − 15/x⁶ + …); at |x| ≥ 20 the terms fall below 2^-64 by
        // the 14th, long before the asymptotic series starts to diverge (near the 200th).
        double inverseSquare = 1.0 / (x * x);
        double series = 0;
        for (int k = 13; k >= 1; k--)
        {
            double doubleFactorial = 1; // (2k − 1)!!
            for (int j = 3; j <= 2 * k - 1; j += 2)
                doubleFactorial *= j;
            series = inverseSquare * ((k % 2 == 1 ? -doubleFactorial : doubleFactorial) + series);
        }
        // Every term below is negative, so the sum has no cancellation.
        // x²/2 as (x/2)·x: halving first keeps it finite down to x = −1.9e154, where x² alone overflows.
        double halfSquare = DoubleDouble.TwoProduct(0.5 * x, x, out double halfSquareLow);
        if (double.IsInfinity(halfSquare))
            return double.NegativeInfinity;
        double logMagnitude = DoubleDouble.Log(-x, out double logMagnitudeLow);
        double high = DoubleDouble.TwoSum(-halfSquare, -logMagnitude, out double low);
        low += -halfSquareLow - logMagnitudeLow - LogGammaCoefficients.HalfLn2PiHigh
            - LogGammaCoefficients.HalfLn2PiLow + Log1P(series);
        return high + low;
    }
}
