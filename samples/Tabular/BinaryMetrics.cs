using System.Globalization;

namespace Tabular;

/// <summary>
/// Binary classification figures from scores (logits or probabilities) and 0/1 labels. Precision and
/// recall are for class 1 (<see cref="PrecisionOf"/>/<see cref="RecallOf"/> for either class); the ROC AUC is the
/// Mann–Whitney probability that a random class-1 sample scores above a random class-0 one, ties
/// counted one half (what scikit-learn's roc_auc_score computes).
/// </summary>
public sealed record BinaryMetrics(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives, double RocAuc)
{
    public int Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public double Accuracy => (double)(TruePositives + TrueNegatives) / Count;
    public double Precision => PrecisionOf(1);
    public double Recall => RecallOf(1);

    /// <summary>Of the samples predicted <paramref name="label"/>, the share that are; NaN when none is predicted so.</summary>
    public double PrecisionOf(int label) => label == 1
        ? Ratio(TruePositives, TruePositives + FalsePositives)
        : Ratio(TrueNegatives, TrueNegatives + FalseNegatives);

    /// <summary>Of the samples that are <paramref name="label"/>, the share predicted so (sensitivity for that class).</summary>
    public double RecallOf(int label) => label == 1
        ? Ratio(TruePositives, TruePositives + FalseNegatives)
        : Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>Predicts class 1 where score &gt; <paramref name="threshold"/> (0 for logits, 0.5 for probabilities).</summary>
    public static BinaryMetrics Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count) throw new ArgumentException($"{scores.Count} scores for {labels.Count} labels.", nameof(scores));
        if (scores.Count == 0) throw new ArgumentException("No samples to score.", nameof(scores));
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            if (labels[i] is not (0 or 1)) throw new ArgumentException($"Label {i} is {labels[i]}: binary labels are 0 or 1.", nameof(labels));
            if (!double.IsFinite(scores[i])) throw new ArgumentException($"Score {i} is {scores[i]}: scores must be finite.", nameof(scores));
            bool predicted = scores[i] > threshold;
            if (predicted) { if (labels[i] == 1) tp++; else fp++; }
            else { if (labels[i] == 0) tn++; else fn++; }
        }
        return new BinaryMetrics(tp, fp, tn, fn, RocAucOf(scores, labels));
    }

    /// <summary>ROC AUC by ranks (average ranks for ties); NaN when only one class is present.</summary>
    public static double RocAucOf(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        int n = scores.Count;
        int[] order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1; // 1-based ranks start+1 .. end+1
            for (int k = start; k <= end; k++)
            {
                if (labels[order[k]] == 1) { positiveRankSum += averageRank; positives++; }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "accuracy {0:P2}, ROC AUC {1:F4}, precision {2:F4}, recall {3:F4} (TP {4}, FP {5}, TN {6}, FN {7})",
        Accuracy, RocAuc, Precision, Recall, TruePositives, FalsePositives, TrueNegatives, FalseNegatives);

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
