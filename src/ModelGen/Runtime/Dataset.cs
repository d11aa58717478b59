namespace ModelGen.Runtime;

/// <summary>
/// Samples for training or evaluation: a row-major feature matrix with either integer class labels
/// (for softmax cross-entropy) or real-valued targets (for MSE and binary cross-entropy). Every value
/// is checked on construction, so a NaN in the data is reported with its row and column instead of
/// surfacing later as a NaN loss.
/// </summary>
public sealed class Dataset
{
    private Dataset(float[] features, int featureCount, int[]? labels, float[]? targets, int targetCount)
    {
        Features = features;
        FeatureCount = featureCount;
        Count = features.Length / featureCount;
        Labels = labels;
        Targets = targets;
        TargetCount = targetCount;
    }

    public float[] Features { get; }
    public int FeatureCount { get; }
    public int Count { get; }
    /// <summary>Class labels (one per sample), or null for a regression or multi-label set.</summary>
    public int[]? Labels { get; }
    /// <summary>Targets (<see cref="TargetCount"/> per sample), or null for a classification set.</summary>
    public float[]? Targets { get; }
    public int TargetCount { get; }

    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * FeatureCount, FeatureCount);

    public static Dataset ForClassification(float[] features, int featureCount, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        CheckFeatures(features, featureCount);
        int rows = features.Length / featureCount;
        if (labels.Length != rows)
            throw new ArgumentException($"There are {rows} feature rows but {labels.Length} labels: give one label per row.", nameof(labels));
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) throw new ArgumentException($"Label of row {i} is {labels[i]}: class labels are 0, 1, 2, ...", nameof(labels));
        }
        return new Dataset(features, featureCount, labels, null, 0);
    }

    public static Dataset ForTargets(float[] features, int featureCount, float[] targets, int targetCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        CheckFeatures(features, featureCount);
        int rows = features.Length / featureCount;
        if (targetCount <= 0 || targets.Length != (long)rows * targetCount)
            throw new ArgumentException($"There are {rows} feature rows, so {targetCount} targets per row needs {(long)rows * targetCount} values, not {targets.Length}.", nameof(targets));
        int bad = FirstNonFinite(targets);
        if (bad >= 0)
            throw new ArgumentException($"Target {bad % targetCount} of row {bad / targetCount} is {targets[bad]}: clean or drop that row before training.", nameof(targets));
        return new Dataset(features, featureCount, null, targets, targetCount);
    }

    /// <summary>The rows at the given indices, in that order (copies).</summary>
    public Dataset Subset(ReadOnlySpan<int> rows)
    {
        var features = new float[rows.Length * FeatureCount];
        for (int i = 0; i < rows.Length; i++) Row(rows[i]).CopyTo(features.AsSpan(i * FeatureCount));
        if (Labels is not null)
        {
            var labels = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++) labels[i] = Labels[rows[i]];
            return new Dataset(features, FeatureCount, labels, null, 0);
        }
        var targets = new float[rows.Length * TargetCount];
        for (int i = 0; i < rows.Length; i++) Targets.AsSpan(rows[i] * TargetCount, TargetCount).CopyTo(targets.AsSpan(i * TargetCount));
        return new Dataset(features, FeatureCount, null, targets, TargetCount);
    }

    private static void CheckFeatures(float[] features, int featureCount)
    {
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "must be positive");
        if (features.Length == 0 || features.Length % featureCount != 0)
            throw new ArgumentException($"{features.Length} values do not form rows of {featureCount} features.", nameof(features));
        int bad = FirstNonFinite(features);
        if (bad >= 0)
            throw new ArgumentException($"Feature {bad % featureCount} of row {bad / featureCount} is {features[bad]}: clean or impute the data before training.", nameof(features));
    }

    private static int FirstNonFinite(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }
}
