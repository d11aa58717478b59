using ModelGen.Runtime;
using ModelGen.Tests.Models;

namespace ModelGen.Tests.Training;

/// <summary>Bad data and arguments give exceptions that name the problem and the fix.</summary>
public class BadInputTests
{
    [Fact]
    public void NaNInTheDataNamesRowAndColumn()
    {
        var e = Assert.Throws<ArgumentException>(() => Dataset.ForClassification([1, 2, float.NaN, 4], 2, [0, 1]));
        Assert.Contains("Feature 0 of row 1 is NaN", e.Message);
    }

    [Fact]
    public void WrongFeatureCountIsRejectedBeforeTraining()
    {
        var net = new DigitsMlp(0);
        var data = Dataset.ForClassification(new float[10 * 8], 8, new int[10]);
        var e = Assert.Throws<ArgumentException>(() => net.Fit(data, 1, 4, new Sgd(0.1f)));
        Assert.Contains("takes 64 features per sample but the data set has 8", e.Message);
    }

    [Fact]
    public void LabelOutsideTheClassesIsRejected()
    {
        var net = new DigitsMlp(0);
        var data = Dataset.ForClassification(new float[2 * 64], 64, [3, 12]);
        var e = Assert.Throws<ArgumentException>(() => net.Evaluate(data));
        Assert.Contains("label 12", e.Message);
    }

    [Fact]
    public void RegressionDataForAClassifierSaysWhichConstructorToUse()
    {
        var net = new DigitsMlp(0);
        var data = Dataset.ForTargets(new float[2 * 64], 64, new float[2], 1);
        var e = Assert.Throws<ArgumentException>(() => net.Evaluate(data));
        Assert.Contains("Dataset.ForClassification", e.Message);
    }

    [Fact]
    public void DivergingTrainingStopsWithoutCorruptingTheWeights()
    {
        var net = new MseNet(0);
        var data = Dataset.ForTargets([1e18f, 1, 2, 3, 4, 5, 6, 7], 4, [3e38f, 1, 2, 3], 2);
        float[] before = net.Engine.ParameterValues.ToArray();
        var e = Assert.Throws<TrainingDivergedException>(() => net.Fit(data, 1, 2, new Sgd(0.1f)));
        Assert.Contains("learning rate", e.Message);
        Assert.Equal(before, net.Engine.ParameterValues.ToArray());
    }

    [Fact]
    public void PredictRejectsWrongLengthAndNonFiniteFeatures()
    {
        var net = new DigitsMlp(0);
        Assert.Contains("takes 64 features, not 3", Assert.Throws<ArgumentException>(() => net.Predict(new float[3])).Message);
        var features = new float[64];
        features[5] = float.PositiveInfinity;
        Assert.Contains("Feature 5", Assert.Throws<ArgumentException>(() => net.Predict(features)).Message);
    }

    [Fact]
    public void InvalidFitArgumentsAreRejected()
    {
        var net = new DigitsMlp(0);
        var (train, _) = TestData.Digits();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(train, 0, 64, new Sgd(0.1f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(train, 1, 0, new Sgd(0.1f)));
    }
}
