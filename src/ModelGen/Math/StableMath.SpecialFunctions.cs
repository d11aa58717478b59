namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// ln Γ(x) for x &gt; 0 (+∞ at 0 and +∞, NaN for x &lt; 0). Taylor expansions around 1, 2, 3 and the
    /// minimum 1.4616 (so the zeros at 1 and 2 keep full relative accuracy), the recurrence Γ(x+1) = xΓ(x)
    /// in double-double up to 10, Stirling's series with a double-double ln x beyond.
    /// Naive <c>Math.Log(Gamma(x))</c> overflows for x &gt; 171.6 and loses all relative accuracy near 1 and 2.
    /// </summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
            return x == 0 ? double.PositiveInfinity : double.NaN;
        if (double.IsPositiveInfinity(x))
            return x;
        if (x < 0.2)
        {
            // ln Γ(x) = ln Γ(1 + x) − ln x, with ln Γ(1 + x) ≈ −γx small next to −ln x ≥ 1.6.
            double logX = DoubleDouble.Log(x, out double logXLow);
            return -logX + (x * Horner(x, LogGammaCoefficients.AroundOne) - logXLow);
        }
        if (x < 0.7)
        {
            // Same identity; 1 + x ∈ [1.2, 1.7) is expanded around the minimum, as z = x − (p − 1) exactly.
            double logX = DoubleDouble.Log(x, out double logXLow);
            double aroundMinimum = AroundMinimum(x - (LogGammaCoefficients.MinimumCentre - 1.0));
            return -logX + (aroundMinimum - logXLow);
        }
        if (x < 1.2)
        {
            double z = x - 1.0; // exact (Sterbenz)
            return z * Horner(z, LogGammaCoefficients.AroundOne);
        }
        if (x < 1.75)
            return AroundMinimum(x - LogGammaCoefficients.MinimumCentre);
        if (x < 2.5)
        {
            double z = x - 2.0;
            return z * Horner(z, LogGammaCoefficients.AroundTwo);
        }
        if (x < 3.5)
            return AroundThree(x - 3.0);
        if (x < 10)
            return LogGammaByRecurrence(x);
        return LogGammaStirling(x);
    }

    /// <inheritdoc cref="LogGamma(double)"/>
    public static float LogGamma(float x) => (float)LogGamma((double)x);

    /// <inheritdoc cref="LogGamma(double)"/>
    public static Half LogGamma(Half x) => (Half)LogGamma((double)x);

    /// <summary>ln Γ(p + z) for |z| ≤ 0.29 around the minimum p, where the linear term (nearly) vanishes.</summary>
    private static double AroundMinimum(double z)
    {
        double rest = LogGammaCoefficients.MinimumValueLow
            + z * (LogGammaCoefficients.MinimumLinear + z * Horner(z, LogGammaCoefficients.AroundMinimum));
        return LogGammaCoefficients.MinimumValueHigh + rest;
    }

    /// <summary>ln Γ(3 + z) for |z| ≤ 1/2: ln 2 plus a series with no cancellation (ln Γ ≥ 0.28 there).</summary>
    private static double AroundThree(double z)
        => LogGammaCoefficients.Ln2High + (LogGammaCoefficients.Ln2Low + z * Horner(z, LogGammaCoefficients.AroundThree));

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
        double sum = DoubleDouble.TwoSum(logProduct, AroundThree(r - 3.0), out double sumLow);
        return sum + (sumLow + logProductLow + productLow / product);
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

    private static double Horner(double x, double[] coefficientsHighestFirst)
    {
        double result = 0;
        foreach (double c in coefficientsHighestFirst)
            result = Math.FusedMultiplyAdd(result, x, c);
        return result;
    }
}
