using System.Globalization;
using ModelGen.Runtime;

namespace Tabular;

/// <summary>Glue between a trained ModelGen network and the metrics: raw outputs and epoch lines.</summary>
public static class ModelOutputs
{
    /// <summary>The network's first output (a logit or a regression value) for every row of <paramref name="data"/>.</summary>
    public static double[] Of(NetworkBase<float> network, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        var outputs = new double[data.Count];
        Span<float> output = stackalloc float[network.Info.OutputWidth];
        for (int i = 0; i < data.Count; i++)
        {
            network.Predict(data.Row(i), output);
            outputs[i] = output[0];
        }
        return outputs;
    }

    /// <summary>Writes one line every <paramref name="every"/> epochs (and the first) to <paramref name="output"/>.</summary>
    public static IProgress<EpochReport> EpochLines(TextWriter output, int every) => new EpochWriter(output, every);

    private sealed class EpochWriter(TextWriter output, int every) : IProgress<EpochReport>
    {
        public void Report(EpochReport r)
        {
            if (r.Epoch != 1 && r.Epoch % every != 0) return;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  epoch {0,3}: train loss {1:F4}, validation loss {2:F4}", r.Epoch, r.Loss, r.ValidationLoss ?? double.NaN));
        }
    }
}
