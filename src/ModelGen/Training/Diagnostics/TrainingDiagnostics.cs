using System.Numerics;

namespace ModelGen.Runtime;

/// <summary>
/// Checks to run before a long training run, from the usual "recipe" for training networks: does
/// the network start where it should, can it learn at all, and do its gradients reach every layer.
/// None of them changes the network's weights or optimizer state.
/// </summary>
public static partial class TrainingDiagnostics
{
    /// <summary>Gradient/weight norm ratio below which a layer is flagged as vanishing.</summary>
    public const double VanishingRatio = 1e-7;

    /// <summary>Gradient/weight norm ratio above which a layer is flagged as exploding.</summary>
    public const double ExplodingRatio = 1e3;

    /// <summary>Compares the loss over <paramref name="data"/> with the loss an untrained network should have.</summary>
    public static InitialLossReport InitialLossCheck<T>(NetworkBase<T> network, Dataset data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        double actual = network.Evaluate(data).Loss;
        double expected = network.Info.Loss switch
        {
            LossKind.SoftmaxCrossEntropy => Math.Log(network.Info.OutputWidth),
            LossKind.BinaryCrossEntropyWithLogits => Math.Log(2),
            _ => data.Targets!.Average(t => (double)t * t),
        };
        bool suspicious = !(actual <= 2 * expected && actual >= expected / 2);
        return new InitialLossReport(expected, actual, suspicious);
    }

    /// <summary>
    /// Trains on the first <paramref name="batchSize"/> samples for <paramref name="steps"/> steps and
    /// reports whether their loss fell below <paramref name="threshold"/>. A network that cannot
    /// memorize a handful of samples has a bug; no amount of data will fix it. The weights, optimizer
    /// state and step count are put back afterwards.
    /// </summary>
    public static OverfitOneBatchReport OverfitOneBatch<T>(NetworkBase<T> network, Dataset data, Optimizer optimizer,
        int batchSize = 16, int steps = 200, double threshold = 0.05)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(optimizer);
        OptionRange.AtLeastOne(batchSize, nameof(batchSize));
        OptionRange.AtLeastOne(steps, nameof(steps));
        OptionRange.Positive(threshold, nameof(threshold));
        Dataset batch = data.Subset(Enumerable.Range(0, Math.Min(batchSize, data.Count)).ToArray());
        double initial = network.Evaluate(batch).Loss;
        NetworkBase<T>.TrainingSnapshot saved = network.SaveTrainingState();
        try
        {
            int[] rows = Enumerable.Range(0, batch.Count).ToArray();
            network.LoadBatch(batch, rows);
            for (int step = 0; step < steps; step++)
            {
                if (!T.IsFinite(network.ComputeLoss(rows.Length, gradients: true, out _))) break;
                network.ApplyOptimizer(optimizer);
            }
            return new OverfitOneBatchReport(batch.Count, steps, initial, network.Evaluate(batch).Loss, threshold);
        }
        finally
        {
            network.RestoreTrainingState(saved);
        }
    }

    /// <summary>
    /// Computes the gradients on the first <paramref name="samples"/> samples and reports, per layer,
    /// the gradient norm against the weight norm. A ratio below <see cref="VanishingRatio"/> means
    /// the layer effectively does not learn; above <see cref="ExplodingRatio"/>, one step would
    /// overwrite its weights many times over.
    /// </summary>
    public static GradientHealthReport GradientReport<T>(NetworkBase<T> network, Dataset data, int samples = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        OptionRange.AtLeastOne(samples, nameof(samples));
        int[] rows = Enumerable.Range(0, Math.Min(samples, data.Count)).ToArray();
        network.LoadBatch(data, rows);
        network.ComputeLoss(rows.Length, gradients: true, out _);

        ParameterLayers layers = network.Layers;
        var gradientSquares = new double[layers.Names.Length];
        var weightSquares = new double[layers.Names.Length];
        network.LayerGradientSquares(gradientSquares);
        Span<T> weights = network.ParameterValues;
        for (int t = 0; t < layers.Tensors.Length; t++)
        {
            ParameterInfo tensor = layers.Tensors[t];
            foreach (T w in weights.Slice(tensor.Offset, tensor.Length))
            {
                double value = double.CreateTruncating(w);
                weightSquares[layers.LayerOfTensor[t]] += value * value;
            }
        }
        var health = new LayerGradientHealth[layers.Names.Length];
        for (int l = 0; l < health.Length; l++)
            health[l] = new LayerGradientHealth(layers.Names[l], Math.Sqrt(gradientSquares[l]), Math.Sqrt(weightSquares[l]));
        return new GradientHealthReport(health);
    }
}
