using ModelGen.Runtime;
using Tabular;

namespace Diabetes;

/// <summary>The diabetes run: at most 500 epochs, patience 30, and the ridge baseline's penalty.</summary>
public sealed record DiabetesSettings : TrainingSettings
{
    public DiabetesSettings()
    {
        MaxEpochs = 500;
        Patience = 30;
    }

    /// <summary>The ridge baseline's penalty on standardized features (scikit-learn's Ridge default).</summary>
    public double RidgeAlpha { get; init; } = 1.0;
}

public sealed record DiabetesResult(
    DataSplit Split, TrainingHistory History, RegressionMetrics Test, RegressionMetrics Validation,
    RegressionMetrics RidgeTest, RegressionMetrics LeastSquaresTest, double[] TestPredictions);

/// <summary>
/// The whole run, fixed by its settings: a random split (test 20% of all rows; validation 20% of the
/// rest), features and target standardized with the train rows' statistics, AdamW on MSE with early
/// stopping (best weights restored), predictions mapped back to target units; and closed-form ridge
/// and least-squares baselines fitted on the same train rows.
/// </summary>
public static class DiabetesExperiment
{
    public static DiabetesResult Run(TabularData data, DiabetesSettings settings, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        DataSplit split = DataSplit.Random(data.Count, settings.TestFraction, settings.ValidationFraction, (ulong)settings.Seed);
        Standardizer features = Standardizer.Fit(data.Features, split.Train);
        Standardizer target = Standardizer.FitColumn(data.Targets, split.Train);
        Dataset Build(int[] rows) => Dataset.ForTargets(
            features.TransformRows(data.Features, rows), data.FeatureCount, rows.Select(r => (float)target.Transform(data.Targets[r], 0)).ToArray(), 1);
        Dataset train = Build(split.Train), validation = Build(split.Validation), test = Build(split.Test);

        var net = new DiabetesNet(settings.Seed);
        TrainingHistory history = net.Engine.Fit(train, settings.Options(validation), progress);

        double[] Predict(Dataset set) => ModelOutputs.Of(net.Engine, set).Select(z => target.Inverse(z, 0)).ToArray();
        double[] Targets(int[] rows) => rows.Select(r => data.Targets[r]).ToArray();
        double[] testPredictions = Predict(test);

        // The baselines see the same standardized train rows (standardizing is exact in double and only rescales their weights).
        double[][] scaled = data.Features.Select(row => row.Select((v, c) => features.Transform(v, c)).ToArray()).ToArray();
        RegressionMetrics Baseline(double alpha)
        {
            var model = RidgeRegression.Fit(scaled, data.Targets, split.Train, alpha);
            return RegressionMetrics.Compute(split.Test.Select(r => model.Predict(scaled[r])).ToArray(), Targets(split.Test));
        }

        return new DiabetesResult(split, history,
            RegressionMetrics.Compute(testPredictions, Targets(split.Test)),
            RegressionMetrics.Compute(Predict(validation), Targets(split.Validation)),
            Baseline(settings.RidgeAlpha), Baseline(0), testPredictions);
    }
}
