using ModelGen;
using ModelGen.Runtime;
using Tabular;

namespace BreastCancer;

/// <summary>
/// The whole run, fixed by its settings: a stratified split (test 20% of all rows; validation 20% of
/// the rest), standardization with the train rows' statistics, AdamW training with early stopping on
/// the validation loss (best weights restored), and the test figures.
/// </summary>
public sealed record BreastCancerSettings
{
    public int Seed { get; init; } = 42;
    public double TestFraction { get; init; } = 0.2;
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>The most epochs; early stopping usually ends sooner.</summary>
    public int MaxEpochs { get; init; } = 300;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 1e-3f;
    /// <summary>AdamW's decoupled weight decay (PyTorch's default).</summary>
    public float WeightDecay { get; init; } = 0.01f;
    public int Patience { get; init; } = 20;
}

public sealed record BreastCancerResult(
    DataSplit Split, Standardizer Standardizer, TrainingHistory History, BinaryMetrics Test, BinaryMetrics Validation, double[] TestLogits);

public static class BreastCancerExperiment
{
    public static BreastCancerResult Run(TabularData data, BreastCancerSettings settings, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        int[] labels = data.Labels();
        DataSplit split = DataSplit.Stratified(labels, settings.TestFraction, settings.ValidationFraction, (ulong)settings.Seed);
        Standardizer standardizer = Standardizer.Fit(data.Features, split.Train);
        Dataset Build(int[] rows) => Dataset.ForTargets(
            standardizer.TransformRows(data.Features, rows), data.FeatureCount, rows.Select(r => (float)labels[r]).ToArray(), 1);
        Dataset train = Build(split.Train), validation = Build(split.Validation), test = Build(split.Test);

        var net = new BreastCancerNet(settings.Seed);
        TrainingHistory history = net.Engine.Fit(train, new TrainingOptions
        {
            Epochs = settings.MaxEpochs,
            BatchSize = settings.BatchSize,
            Optimizer = new AdamW(settings.LearningRate, weightDecay: settings.WeightDecay),
            Validation = validation,
            EarlyStopping = new EarlyStopping { Patience = settings.Patience, RestoreBestWeights = true },
        }, progress);

        double[] testLogits = ModelOutputs.Of(net.Engine, test);
        double[] validationLogits = ModelOutputs.Of(net.Engine, validation);
        return new BreastCancerResult(split, standardizer, history,
            BinaryMetrics.Compute(testLogits, split.Test.Select(r => labels[r]).ToArray(), threshold: 0),
            BinaryMetrics.Compute(validationLogits, split.Validation.Select(r => labels[r]).ToArray(), threshold: 0),
            testLogits);
    }
}
