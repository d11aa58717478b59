using System.Numerics;

namespace ModelGen.Runtime;

/// <summary>The worst disagreement between analytic and numeric gradients, and where it is.</summary>
public sealed record GradCheckReport(
    double WorstRelativeError,
    string WorstParameter,
    int WorstRow,
    int WorstColumn,
    double Analytic,
    double Numeric,
    int Checked,
    int SkippedAtKinks,
    double Step)
{
    public override string ToString() =>
        $"worst relative error {WorstRelativeError:E2} at {WorstParameter}[{WorstRow}, {WorstColumn}] (analytic {Analytic:G8}, numeric {Numeric:G8}); " +
        $"{Checked} gradients checked, {SkippedAtKinks} skipped at kinks, step {Step:G3}";
}

/// <summary>
/// Compares every parameter's analytic gradient with a numeric one from centered differences.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks the gradients on the first <paramref name="samples"/> rows of <paramref name="data"/>.
    /// The numeric gradient is the fourth-order centered difference
    /// (−L(θ+2h) + 8L(θ+h) − 8L(θ−h) + L(θ−2h)) / 12h, with h chosen per element type (2e-4 for double,
    /// 1e-2 for float, scaled by |θ| above 1). Where the estimates at h and h/2 disagree, the loss has a
    /// kink within reach (ReLU at zero) and the entry is skipped and counted. Relative error is
    /// |analytic − numeric| / max(|analytic|, |numeric|, 1e-5).
    /// </summary>
    public static GradCheckReport Run<T>(NetworkBase<T> network, Dataset data, int samples = 8, int maxPerTensor = int.MaxValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        // The training-mode gradients are the ones training uses: batch statistics, the step's dropout masks.
        bool? savedMode = network.TrainingModeOverride;
        // Training-mode passes move batch-norm running statistics; the check puts them back.
        T[] savedState = network.StateValues.ToArray();
        network.TrainingModeOverride = true;
        try
        {
            int batch = Math.Min(samples, data.Count);
            Span<int> rows = stackalloc int[batch];
            for (int i = 0; i < batch; i++) rows[i] = i;
            network.LoadBatch(data, rows);
            network.ComputeLoss(batch, gradients: true, out _);
            T[] analytic = network.GradientValues.ToArray();
            double baseStep = typeof(T) == typeof(double) ? 2e-4 : 1e-2;

            double worst = 0, worstAnalytic = 0, worstNumeric = 0;
            string worstName = "";
            int worstRow = 0, worstColumn = 0, checkedCount = 0, kinks = 0;
            Span<T> parameters = network.ParameterValues;
            foreach (ParameterInfo tensor in network.Info.Parameters)
            {
                int stride = Math.Max(1, tensor.Length / Math.Max(1, maxPerTensor));
                for (int i = 0; i < tensor.Length; i += stride)
                {
                    int index = tensor.Offset + i;
                    T original = parameters[index];
                    double h = baseStep * Math.Max(1.0, Math.Abs(double.CreateTruncating(original)));
                    double numeric = Numeric(network, batch, index, original, h);
                    double half = Numeric(network, batch, index, original, h / 2);
                    parameters[index] = original;
                    double a = double.CreateTruncating(analytic[index]);
                    double scale = Math.Max(Math.Max(Math.Abs(a), Math.Abs(numeric)), 1e-5);
                    if (Math.Abs(numeric - half) > 1e-3 * scale) { kinks++; continue; }
                    checkedCount++;
                    double error = Math.Abs(a - numeric) / scale;
                    if (error > worst || double.IsNaN(error))
                    {
                        worst = double.IsNaN(error) ? double.PositiveInfinity : error;
                        worstName = tensor.Name; worstRow = i / tensor.Columns; worstColumn = i % tensor.Columns;
                        worstAnalytic = a; worstNumeric = numeric;
                    }
                }
            }
            // Leave the network as it was found: its gradients are those of the unperturbed parameters.
            network.ComputeLoss(batch, gradients: true, out _);
            return new GradCheckReport(worst, worstName, worstRow, worstColumn, worstAnalytic, worstNumeric, checkedCount, kinks, baseStep);
        }
        finally
        {
            network.TrainingModeOverride = savedMode;
            savedState.CopyTo(network.StateValues);
        }
    }

    private static double Numeric<T>(NetworkBase<T> network, int batch, int index, T original, double h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double LossAt(double offset)
        {
            network.ParameterValues[index] = original + T.CreateTruncating(offset);
            return double.CreateTruncating(network.ComputeLoss(batch, gradients: false, out _));
        }
        double plus2 = LossAt(2 * h), plus1 = LossAt(h), minus1 = LossAt(-h), minus2 = LossAt(-2 * h);
        network.ParameterValues[index] = original;
        return (-plus2 + 8 * plus1 - 8 * minus1 + minus2) / (12 * h);
    }
}
