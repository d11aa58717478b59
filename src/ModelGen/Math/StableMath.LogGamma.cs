namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// ln Γ(x) for x &gt; 0 (+∞ at 0 and +∞, NaN for x &lt; 0). Taylor expansions around 1, 2, 3 and the
    /// minimum 1.4616 (so the zeros at 1 and 2 keep full relative accuracy), the recurrence Γ(x+1) = xΓ(x)
    /// in double-double up to 10, Stirling's series with a double-double ln x beyond.
    /// Within 1 ulp for double, float and Half.
    /// Naive <c>Math.Log(Gamma(x))</c> overflows for x &gt; 171.6 and loses all relative accuracy near 1 and 2.
    /// </summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
            return x == 0 ? double.PositiveInfinity : double.NaN;
        if (double.IsPositiveInfinity(x))
            return x;
        (double Hi, double Lo) result;
        if (x < 0.2)
        {
            // ln Γ(x) = ln Γ(1 + x) − ln x, with ln Γ(1 + x) ≈ −γx small next to −ln x ≥ 1.6.
            result = DoubleDouble.Add(MinusLog(x), TimesZ(x, Series(x, LogGammaCoefficients.AroundOne, LogGammaCoefficients.AroundOneLeadingLow)));
        }
        else if (x < 0.7)
        {
            // Same identity; 1 + x ∈ [1.2, 1.7) is expanded around the minimum, as z = x − (p − 1) exactly.
            result = DoubleDouble.Add(MinusLog(x), AroundMinimum(x - (LogGammaCoefficients.MinimumCentre - 1.0)));
        }
        else if (x < 1.2)
        {
            double z = x - 1.0; // exact (Sterbenz)
            result = TimesZ(z, Series(z, LogGammaCoefficients.AroundOne, LogGammaCoefficients.AroundOneLeadingLow));
        }
        else if (x < 1.75)
        {
            result = AroundMinimum(x - LogGammaCoefficients.MinimumCentre);
        }
        else if (x < 2.5)
        {
            double z = x - 2.0;
            result = TimesZ(z, Series(z, LogGammaCoefficients.AroundTwo, LogGammaCoefficients.AroundTwoLeadingLow));
        }
        else if (x < 3.5)
        {
            result = AroundThree(x - 3.0);
        }
        else
        {
            return x < 10 ? LogGammaByRecurrence(x) : LogGammaStirling(x);
        }
        return result.Hi + result.Lo;
    }

    /// <inheritdoc cref="LogGamma(double)"/>
    public static float LogGamma(float x) => (float)LogGamma((double)x);

    /// <inheritdoc cref="LogGamma(double)"/>
    public static Half LogGamma(Half x) => (Half)LogGamma((double)x);

    private static (double Hi, double Lo) MinusLog(double x)
    {
        double log = DoubleDouble.Log(x, out double low);
        return (-log, -low);
    }

    /// <summary>
    /// c₀ + z·(c₁ + z·(c₂ + …)) for a table whose last entry is c₀ (rounding error <paramref name="leadingLow"/>):
    /// the tail is plain Horner, the last multiply-add is done in two parts. The tail is a fraction of
    /// c₀, so its rounding matters less than the last step's, which would otherwise cost up to an ulp.
    /// </summary>
    private static (double Hi, double Lo) Series(double z, double[] coefficientsHighestFirst, double leadingLow)
    {
        ReadOnlySpan<double> coefficients = coefficientsHighestFirst;
        double tail = Horner(z, coefficients[..^1]);
        double product = DoubleDouble.TwoProduct(z, tail, out double productLow);
        double sum = DoubleDouble.TwoSum(coefficients[^1], product, out double sumLow);
        return DoubleDouble.Normalize(sum, sumLow + productLow + leadingLow);
    }

    private static (double Hi, double Lo) TimesZ(double z, (double Hi, double Lo) value)
        => DoubleDouble.Multiply((z, 0.0), value);

    /// <summary>ln Γ(p + z) for |z| ≤ 0.29 around the minimum p, where the linear term (nearly) vanishes.</summary>
    private static (double Hi, double Lo) AroundMinimum(double z)
    {
        double square = DoubleDouble.TwoProduct(z, z, out double squareLow);
        var quadratic = DoubleDouble.Multiply((square, squareLow),
            Series(z, LogGammaCoefficients.AroundMinimum, LogGammaCoefficients.AroundMinimumLeadingLow));
        var withLinear = DoubleDouble.Add(quadratic, (LogGammaCoefficients.MinimumLinear * z, 0.0));
        return DoubleDouble.Add((LogGammaCoefficients.MinimumValueHigh, LogGammaCoefficients.MinimumValueLow), withLinear);
    }

    /// <summary>ln Γ(3 + z) for |z| ≤ 1/2: ln 2 plus a series with no cancellation (ln Γ ≥ 0.28 there).</summary>
    private static (double Hi, double Lo) AroundThree(double z)
        => DoubleDouble.Add((LogGammaCoefficients.Ln2High, LogGammaCoefficients.Ln2Low),
            TimesZ(z, Series(z, LogGammaCoefficients.AroundThree, LogGammaCoefficients.AroundThreeLeadingLow)));

    /// <summary>
    /// ln Γ(x) for 3.5 ≤ x &lt; 10 as ln Γ(r) + ln(r(r+1)…(x−1)) with r ∈ [2.5, 3.5); r and every factor are
    /// exact, the product is kept in two parts, and both logarithms are positive, so nothing cancels.
    /// </summary>
    private static double LogGammaByRecurrence(double x)
    {
        int steps = (int)(x - 2.5);
        double r = x - steps;
        double product = r, productLow = 0;
        for (int i = 1; i < steps; i++)
        {
            double factor = r + i;
            double high = DoubleDouble.TwoProduct(product, factor, out double error);
            productLow = productLow * factor + error;
            product = high;
        }
        double logProduct = DoubleDouble.Log(product, out double logProductLow);
        var sum = DoubleDouble.Add((logProduct, logProductLow + productLow / product), AroundThree(r - 3.0));
        return sum.Hi + sum.Lo;
    }

    /// <summary>
    /// ln Γ(x) = x(ln x − 1) − ½ln x + ½ln 2π + Σ B₂ₖ/(2k(2k−1)x^(2k−1)) for x ≥ 10. ln x is double-double
    /// and x·(ln x − 1) an exact product, because its cancellation against ½ln x and the rounding of a
    /// plain ln x would otherwise cost about two ulp.
    /// </summary>
    private static double LogGammaStirling(double x)
    {
        double logX = DoubleDouble.Log(x, out double logXLow);
        double logXMinusOne = logX - 1.0; // exact: logX ≥ 2.3
        double main = DoubleDouble.TwoProduct(x, logXMinusOne, out double mainLow);
        if (double.IsInfinity(main))
            return main;
        double inverse = 1.0 / x;
        double correction = inverse * Horner(inverse * inverse, LogGammaCoefficients.Stirling);
        double sum = DoubleDouble.TwoSum(main, -0.5 * logX, out double sumLow);
        sumLow += mainLow + x * logXLow - 0.5 * logXLow + LogGammaCoefficients.HalfLn2PiHigh
            + LogGammaCoefficients.HalfLn2PiLow + correction;
        return sum + sumLow;
    }

    private static double Horner(double x, ReadOnlySpan<double> coefficientsHighestFirst)
    {
        double result = 0;
        foreach (double c in coefficientsHighestFirst)
            result = Math.FusedMultiplyAdd(result, x, c);
        return result;
    }
}
