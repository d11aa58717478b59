using Tabular;

namespace ModelGen.Tests.Samples;

/// <summary>The standardizer, split, metrics and ridge baseline against small hand-computed cases.</summary>
public sealed class TabularToolTests
{
    [Fact]
    public void StandardizerUsesOnlyTheRowsItIsFittedOn()
    {
        // Train rows 0..2 (values 1, 2, 3 and 10, 10, 10); the test rows 3, 4 are far away and must not move the statistics.
        double[][] rows = [[1, 10], [2, 10], [3, 10], [1000, -50], [2000, 70]];
        Standardizer scaler = Standardizer.Fit(rows, [0, 1, 2]);
        Assert.Equal(2.0, scaler.Mean[0], 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), scaler.Scale[0], 12); // population std of 1, 2, 3
        Assert.Equal(10.0, scaler.Mean[1], 12);
        Assert.Equal(1.0, scaler.Scale[1]);                    // constant column: scale 1, not a division by 0
        float[] test = scaler.TransformRows(rows, [3, 4]);
        Assert.Equal((1000 - 2) / Math.Sqrt(2.0 / 3), test[0], 2);
        Assert.Equal(-60f, test[1]);
        Assert.Equal(2000.0, scaler.Inverse(scaler.Transform(2000, 0), 0), 9);

        Standardizer all = Standardizer.Fit(rows, [0, 1, 2, 3, 4]);
        Assert.NotEqual(all.Mean[0], scaler.Mean[0]);
    }

    [Fact]
    public void StratifiedSplitIsDeterministicDisjointAndKeepsProportions()
    {
        int[] labels = Enumerable.Range(0, 100).Select(i => i < 30 ? 0 : 1).ToArray();
        DataSplit split = DataSplit.Stratified(labels, 0.2, 0.25, seed: 7);
        Assert.Equal(20, split.Test.Length);
        Assert.Equal(6, split.Test.Count(r => labels[r] == 0));      // 20% of the 30 zeros
        Assert.Equal(6, split.Validation.Count(r => labels[r] == 0)); // 25% of the remaining 24
        Assert.Equal(Enumerable.Range(0, 100), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        DataSplit again = DataSplit.Stratified(labels, 0.2, 0.25, seed: 7);
        Assert.Equal(split.Test, again.Test);
        Assert.Equal(split.Validation, again.Validation);
        Assert.NotEqual(split.Test, DataSplit.Stratified(labels, 0.2, 0.25, seed: 8).Test);
    }

    [Fact]
    public void SplitFileListsEveryRowWithItsRole()
    {
        using var folder = new Shipping.TempDirectory();
        var split = new DataSplit([1, 3], [2], [0]);
        string path = folder.File("split.csv");
        split.Write(path);
        Assert.Equal("row,role\n0,test\n1,train\n2,validation\n3,train\n", File.ReadAllText(path));
    }

    [Fact]
    public void RocAucMatchesHandComputedCases()
    {
        // scikit-learn's roc_auc_score example: 3 of the 4 positive/negative pairs are ordered right.
        Assert.Equal(0.75, BinaryMetrics.RocAucOf([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 12);
        Assert.Equal(1.0, BinaryMetrics.RocAucOf([-2, -1, 3, 4], [0, 0, 1, 1]));
        Assert.Equal(0.0, BinaryMetrics.RocAucOf([3, 4, -2, -1], [0, 0, 1, 1]));
        // A tie between a positive and a negative counts one half: pairs (p0.5,n0.5)=0.5, (p0.5,n0.2)=1, (p0.9,*)=1+1 → 3.5/4.
        Assert.Equal(0.875, BinaryMetrics.RocAucOf([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1]), 12);
        Assert.True(double.IsNaN(BinaryMetrics.RocAucOf([0.1, 0.2], [1, 1])));
    }

    [Fact]
    public void ConfusionCountsPrecisionAndRecall()
    {
        // Logits with threshold 0: predicted 1 for 0.5, 2, 3; labels 1, 0, 1 there; one missed 1 (-1).
        BinaryMetrics m = BinaryMetrics.Compute([0.5, 2, 3, -1, -2], [1, 0, 1, 1, 0], threshold: 0);
        Assert.Equal((2, 1, 1, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(0.6, m.Accuracy, 12);
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(2.0 / 3, m.Recall, 12);
        Assert.Equal(0.5, m.PrecisionOf(0), 12);
        Assert.Equal(0.5, m.RecallOf(0), 12);
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute([0.1], [2], 0));
    }

    [Fact]
    public void RegressionMetricsMatchHandComputedCases()
    {
        // scikit-learn's r2_score example: SS_res = 0.25 + 0.25 + 0 + 1 = 1.5, SS_tot = 29.1875.
        RegressionMetrics m = RegressionMetrics.Compute([2.5, 0.0, 2, 8], [3, -0.5, 2, 7]);
        Assert.Equal(1 - 1.5 / 29.1875, m.RSquared, 12);
        Assert.Equal(0.375, m.MeanSquaredError, 12);
        Assert.Equal(Math.Sqrt(0.375), m.RootMeanSquaredError, 12);
        Assert.Equal(0.5, m.MeanAbsoluteError, 12);
        // Predicting the mean scores 0; worse than the mean is negative.
        Assert.Equal(0.0, RegressionMetrics.Compute([2, 2, 2], [1, 2, 3]).RSquared, 12);
        Assert.Equal(-3.0, RegressionMetrics.Compute([3, 2, 1], [1, 2, 3]).RSquared, 12);
    }

    [Fact]
    public void RidgeRecoversAnExactLinearRelationAndShrinksWithAlpha()
    {
        double[][] x = [[1, 0], [0, 1], [1, 1], [2, 1], [3, 5]];
        double[] y = x.Select(r => 2 * r[0] - 3 * r[1] + 5).ToArray();
        int[] all = [0, 1, 2, 3, 4];
        RidgeRegression ols = RidgeRegression.Fit(x, y, all, alpha: 0);
        Assert.Equal(2.0, ols.Weights[0], 9);
        Assert.Equal(-3.0, ols.Weights[1], 9);
        Assert.Equal(5.0, ols.Intercept, 9);

        // One feature: w = Sxy / (Sxx + alpha) on centered data. x = 0, 1, 2; y = 1, 3, 2: Sxx = 2, Sxy = 1.
        RidgeRegression ridge = RidgeRegression.Fit([[0], [1], [2]], [1, 3, 2], [0, 1, 2], alpha: 2);
        Assert.Equal(0.25, ridge.Weights[0], 12);
        Assert.Equal(2 - 0.25 * 1, ridge.Intercept, 12);
        Assert.Throws<InvalidOperationException>(() => RidgeRegression.Fit([[1, 2], [2, 4], [3, 6]], [1, 2, 3], [0, 1, 2], alpha: 0));
    }
}
