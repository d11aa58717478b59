using System.Globalization;

namespace Tabular;

/// <summary>
/// Regression figures in the target's own units: mean squared error, its root, mean absolute error and
/// R² = 1 − SS_res / SS_tot with SS_tot around the mean of the evaluated targets (scikit-learn's r2_score).
/// </summary>
public sealed record RegressionMetrics(double MeanSquaredError, double MeanAbsoluteError, double RSquared, int Count)
{
    public double RootMeanSquaredError => Math.Sqrt(MeanSquaredError);

    public static RegressionMetrics Compute(IReadOnlyList<double> predictions, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.Count != targets.Count) throw new ArgumentException($"{predictions.Count} predictions for {targets.Count} targets.", nameof(predictions));
        if (targets.Count == 0) throw new ArgumentException("No samples to score.", nameof(targets));
        double mean = targets.Average();
        double squared = 0, absolute = 0, total = 0;
        for (int i = 0; i < targets.Count; i++)
        {
            if (!double.IsFinite(predictions[i])) throw new ArgumentException($"Prediction {i} is {predictions[i]}: predictions must be finite.", nameof(predictions));
            double error = predictions[i] - targets[i];
            squared += error * error;
            absolute += Math.Abs(error);
            total += (targets[i] - mean) * (targets[i] - mean);
        }
        // Constant targets: R² is 1 for a perfect fit and undefined (NaN) otherwise.
        double r2 = total > 0 ? 1 - squared / total : squared == 0 ? 1 : double.NaN;
        return new RegressionMetrics(squared / targets.Count, absolute / targets.Count, r2, targets.Count);
    }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "MSE {0:F1}, RMSE {1:F2}, MAE {2:F2}, R² {3:F4} on {4} samples", MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, RSquared, Count);
}
