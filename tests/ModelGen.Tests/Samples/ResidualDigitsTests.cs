using Digits;
using ModelGen.Runtime;
using ResidualDigits;

namespace ModelGen.Tests.Samples;

/// <summary>
/// The graph-form residual digits sample end to end with its default settings (40 epochs, seed 42):
/// a quality bar rather than a recorded result, and the same run twice gives the same bits.
/// </summary>
public sealed class ResidualDigitsTests
{
    [Fact]
    public void ResidualDigitsReachesTheMlpsAccuracyAndIsDeterministic()
    {
        (Dataset train, Dataset test) = DigitsData.Load(SampleDataFiles.DataDirectory);
        var settings = new ResidualDigitsSettings();
        var net = new ResidualDigitsNet(settings.Seed);
        ResidualDigitsResult result = ResidualDigitsExperiment.Run(net, train, test, settings);

        Assert.Equal(360, test.Count);
        Assert.Equal(settings.Epochs, result.History.Epochs.Count);
        Assert.True(result.Test.Accuracy >= 0.98, $"test accuracy {result.Test.Accuracy:P2} is under 98% (the plain MLP sample gets 98.61%)");
        Assert.True(result.History.Epochs[^1].Loss < result.History.Epochs[0].Loss / 10, "the training loss did not fall tenfold");
        // Activations (batch × arena width) plus parameters, gradients and AdamW's two moments.
        Assert.True(result.TrainingMemoryBytes > 4L * sizeof(float) * ResidualDigitsNet.Info.TrainableParameters);

        ResidualDigitsResult again = ResidualDigitsExperiment.Run(train, test, settings);
        Assert.Equal(result.TestPredictions, again.TestPredictions);
        Assert.Equal(result.Test.Loss, again.Test.Loss);
        Assert.Equal(result.History.Epochs.Select(e => e.Loss), again.History.Epochs.Select(e => e.Loss));

        // The sample saves the weights (LayerNorm γ and β included); a fresh model loads them and predicts the same.
        string path = Path.Combine(Path.GetTempPath(), $"residual-digits-{Guid.NewGuid():N}.safetensors");
        try
        {
            net.SaveWeights(path);
            var loaded = new ResidualDigitsNet();
            loaded.LoadWeights(path);
            Assert.Equal(result.TestPredictions, loaded.Predict(test));
        }
        finally { File.Delete(path); }
    }
}
