using ModelGen.Runtime;

namespace ModelGen.Tests.TrainingControls;

/// <summary>Independent (plain double loops) references for the gradient controls.</summary>
internal static class ControlTestSupport
{
    public static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>Loads the first <paramref name="rows"/> samples and computes the loss and gradients.</summary>
    public static double LossAndGradients<T>(NetworkBase<T> network, Dataset data, int rows)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int[] indices = Enumerable.Range(0, rows).ToArray();
        network.LoadBatch(data, indices);
        return double.CreateTruncating(network.ComputeLoss(rows, gradients: true, out _));
    }

    public static double LayerNorm(NetworkBase<float> network, string layer)
    {
        double sum = 0;
        foreach (ParameterInfo p in network.Info.Parameters.Where(p => p.Name.StartsWith(layer + ".", StringComparison.Ordinal)))
            sum += Math.Pow(Norm(network.GradientValues.Slice(p.Offset, p.Length)), 2);
        return Math.Sqrt(sum);
    }
}
