using System.Numerics;

namespace ModelGen.Runtime;

/// <summary>Weight initialization schemes, drawn from the model's seeded <see cref="Rng"/>.</summary>
public static class Initializers
{
    /// <summary>
    /// Fills <paramref name="count"/> weights. He schemes use the gain √(2 / (1 + α²)) (α: the
    /// LeakyReLU slope, 0 for ReLU), the variance-preserving choice for rectifiers.
    /// </summary>
    public static unsafe void Fill<T>(Initializer kind, T* weights, int count, int fanIn, int fanOut, double alpha, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (fanIn <= 0 || fanOut <= 0) throw new ArgumentOutOfRangeException(nameof(fanIn), "fan-in and fan-out must be positive");
        double heVariance = 2.0 / ((1 + alpha * alpha) * fanIn);
        double xavierVariance = 2.0 / (fanIn + fanOut);
        for (int i = 0; i < count; i++)
        {
            double value = kind switch
            {
                Initializer.HeNormal => Math.Sqrt(heVariance) * rng.NextGaussian(),
                Initializer.HeUniform => Uniform(Math.Sqrt(3 * heVariance), rng),
                Initializer.XavierNormal => Math.Sqrt(xavierVariance) * rng.NextGaussian(),
                Initializer.XavierUniform or Initializer.Default => Uniform(Math.Sqrt(3 * xavierVariance), rng),
                Initializer.LeCunNormal => Math.Sqrt(1.0 / fanIn) * rng.NextGaussian(),
                Initializer.Zeros => 0.0,
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown initializer"),
            };
            weights[i] = T.CreateTruncating(value);
        }
    }

    /// <summary>Fills with N(0, 1) draws: PyTorch's embedding initialization.</summary>
    public static unsafe void FillStandardNormal<T>(T* values, int count, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < count; i++) values[i] = T.CreateTruncating(rng.NextGaussian());
    }

    private static double Uniform(double limit, Rng rng) => (2 * rng.NextDouble() - 1) * limit;
}
