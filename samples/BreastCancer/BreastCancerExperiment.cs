using ModelGen.Runtime;
using Tabular;

namespace BreastCancer;

/// <summary>The breast-cancer run: the shared defaults (at most 300 epochs, patience 20).</summary>
public sealed record BreastCancerSettings : TrainingSettings;

public sealed record BreastCancerResult(
    DataSplit Split, Standardizer Standardizer, TrainingHistory History, BinaryMetrics Test, BinaryMetrics Validation, double[] TestLogits);

/// <summary>
/// The whole run, fixed by its settings: a stratified split (test 20% of all rows; validation 20% of
/// the rest), standardization with the train rows' statistics, AdamW training with early stopping on
/// the validation loss (best weights restored), and the test figures.
/// </summary>
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
        TrainingHistory history = net.Engine.Fit(train, settings.Options(validation), progress);

        double[] testLogits = ModelOutputs.Of(net.Engine, test);
        double[] validationLogits = ModelOutputs.Of(net.Engine, validation);
        return new BreastCancerResult(split, standardizer, history,
            BinaryMetrics.Compute(testLogits, split.Test.Select(r => labels[r]).ToArray(), threshold: 0),
            BinaryMetrics.Compute(validationLogits, split.Validation.Select(r => labels[r]).ToArray(), threshold: 0),
            testLogits);
    }
}
