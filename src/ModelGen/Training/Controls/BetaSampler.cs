using ModelGen.Runtime;

namespace ModelGen;

/// <summary>Beta(α, α) draws for mixup, from gamma variates computed in log space.</summary>
internal static class BetaSampler
{
    /// <summary>
    /// λ = A / (A + B) with A, B ~ Gamma(α). The gammas are kept as logarithms: for a small α they
    /// underflow to 0 as plain doubles (making λ 0/0), while their log-ratio only decides how close
    /// to 0 or 1 λ lies.
    /// </summary>
    public static double Symmetric(Rng rng, double alpha)
    {
        double logA = LogGamma(rng, alpha), logB = LogGamma(rng, alpha);
        return 1 / (1 + Math.Exp(logB - logA));
    }

    /// <summary>
    /// ln of a Gamma(shape, 1) variate: Marsaglia and Tsang's method for shape ≥ 1; below 1, the
    /// boost Gamma(a) = Gamma(a + 1)·U^(1/a), whose factor becomes ln(U)/a in log space.
    /// </summary>
    private static double LogGamma(Rng rng, double shape)
    {
        if (shape < 1)
        {
            double u = 1 - rng.NextDouble(); // (0, 1]: the logarithm stays finite
            return LogGamma(rng, shape + 1) + Math.Log(u) / shape;
        }
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = rng.NextGaussian();
            double v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1 - rng.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return Math.Log(d * v);
        }
    }
}
