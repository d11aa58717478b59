using BreastCancer;
using Diabetes;
using Tabular;

namespace ModelGen.Tests.Samples;

/// <summary>
/// The samples end to end with their default settings (seed 42): quality bars a practitioner would
/// expect on this data, not recorded results; and the same figures on a second run.
/// </summary>
public sealed class SampleRunTests
{
    [Fact]
    public void BreastCancerReachesPractitionerAccuracyAndIsDeterministic()
    {
        TabularData data = BreastCancerData.Load(SampleDataFiles.BreastCancer);
        BreastCancerResult result = BreastCancerExperiment.Run(data, new BreastCancerSettings());
        Assert.True(result.Test.Accuracy >= 0.95, $"test accuracy {result.Test.Accuracy:P2} is under 95%");
        Assert.True(result.Test.RocAuc >= 0.99, $"test ROC AUC {result.Test.RocAuc:F4} is under 0.99");
        Assert.Equal(42 + 71, result.Split.Test.Length); // round(20%) of 212 malignant and of 357 benign
        Assert.NotNull(result.History.BestEpoch);

        // The standardizer saw the train rows only.
        double trainMean = result.Split.Train.Average(r => data.Features[r][0]);
        Assert.Equal(trainMean, result.Standardizer.Mean[0], 9);
        Assert.NotEqual(data.Features.Average(r => r[0]), result.Standardizer.Mean[0]);

        BreastCancerResult again = BreastCancerExperiment.Run(data, new BreastCancerSettings());
        Assert.Equal(result.TestLogits, again.TestLogits);
    }

    [Fact]
    public void DiabetesReachesPractitionerRSquaredAndIsDeterministic()
    {
        TabularData data = DiabetesData.Load(SampleDataFiles.DataDirectory);
        DiabetesResult result = DiabetesExperiment.Run(data, new DiabetesSettings());
        Assert.True(result.Test.RSquared >= 0.40, $"test R² {result.Test.RSquared:F4} is under 0.40");
        Assert.True(result.RidgeTest.RSquared >= 0.40, $"ridge test R² {result.RidgeTest.RSquared:F4} is under 0.40");
        // An MLP should not be much worse than the linear baseline on this data.
        Assert.True(result.Test.RSquared >= result.RidgeTest.RSquared - 0.10, $"MLP R² {result.Test.RSquared:F4} is far below ridge {result.RidgeTest.RSquared:F4}");

        DiabetesResult again = DiabetesExperiment.Run(data, new DiabetesSettings());
        Assert.Equal(result.TestPredictions, again.TestPredictions);
    }
}
