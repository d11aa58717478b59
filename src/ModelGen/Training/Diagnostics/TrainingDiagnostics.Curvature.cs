using System.Numerics;

namespace ModelGen.Runtime;

public static partial class TrainingDiagnostics
{
    /// <summary>
    /// Estimates the largest eigenvalue of the Hessian of the mean loss over the first
    /// <paramref name="samples"/> rows by power iteration on Hessian-vector products, each from the
    /// centered difference of two gradients, and with it the largest learning rate (2/λ) at which plain
    /// SGD does not diverge. A float network is probed through a float64 copy where the network provides
    /// one (NetworkBase.CreateFloat64Network), otherwise in float with a larger difference step; for a
    /// generated model, <c>CurvatureProbe(model.ToFloat64(), data)</c> probes in float64 explicitly.
    /// Weights, gradients and optimizer state are unchanged afterwards.
    /// </summary>
    /// <param name="network">The network to probe at its current weights.</param>
    /// <param name="data">The curvature is that of the mean loss over its first rows.</param>
    /// <param name="iterations">Power-iteration steps, each two gradient evaluations.</param>
    /// <param name="samples">How many of the first rows form the batch.</param>
    /// <param name="seed">Seeds the random start vector (not the network's random stream).</param>
    public static CurvatureReport CurvatureProbe<T>(NetworkBase<T> network, Dataset data, int iterations = 20, int samples = 256, int seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        OptionRange.AtLeastOne(iterations, nameof(iterations));
        OptionRange.AtLeastOne(samples, nameof(samples));
        return network.ProbeCurvature(data, iterations, Math.Min(samples, data.Count), seed);
    }
}
