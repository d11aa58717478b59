using System.Globalization;

namespace ModelGen.Runtime;

/// <summary>
/// The sharpest curvature of the loss at the current weights: the Hessian's eigenvalue of largest
/// magnitude, found by power iteration. Plain gradient descent on a quadratic diverges along that
/// direction once the learning rate exceeds <see cref="MaxStableLearningRate"/> = 2/λ.
/// </summary>
/// <param name="LargestEigenvalue">λ, the Rayleigh quotient of the last iteration.</param>
/// <param name="MaxStableLearningRate">2/λ; +inf when λ ≤ 0 (no direction curves upward).</param>
/// <param name="Iterations">Power-iteration steps taken (each costs two gradient evaluations).</param>
/// <param name="RelativeChange">|λ_k − λ_(k−1)| / |λ_k| of the last iteration: how settled the estimate is.</param>
public sealed record CurvatureReport(double LargestEigenvalue, double MaxStableLearningRate, int Iterations, double RelativeChange)
{
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "largest Hessian eigenvalue {0:G4} after {1} iterations (last change {2:G2}); SGD is stable below a learning rate of {3:G4}",
        LargestEigenvalue, Iterations, RelativeChange, MaxStableLearningRate);
}
