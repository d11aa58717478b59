using ModelGen.Kernels;
using ModelGen.Runtime;
using ModelGen.Tests.Models;

namespace ModelGen.Tests.Training;

/// <summary>Training generated models on real data, reproducibly.</summary>
public class EndToEndTrainingTests
{
    [Fact]
    public void DigitsReachesAtLeast97PercentOnTheFixedSplit()
    {
        var (train, test) = TestData.Digits();
        var net = new DigitsMlp(seed: 42);
        var history = net.Fit(train, epochs: 30, batchSize: 64, optimizer: new AdamW(1e-3f));
        Evaluation result = net.Evaluate(test);
        Assert.Equal(30, history.Epochs.Count);
        Assert.True(history.Last.Loss < history.Epochs[0].Loss / 5, $"training loss went from {history.Epochs[0].Loss} to {history.Last.Loss}");
        Assert.True(result.Accuracy >= 0.97, $"test accuracy {result}");
        Assert.Equal(360, result.Count);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeights()
    {
        var (train, _) = TestData.Digits();
        float[] Run(int seed)
        {
            var net = new DigitsMlp(seed);
            net.Fit(train, epochs: 2, batchSize: 64, optimizer: new Adam(1e-3f));
            return net.Engine.ParameterValues.ToArray();
        }
        float[] first = Run(5), second = Run(5), other = Run(6);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void OneAndTwoKernelThreadsGiveTheSameWeights()
    {
        var (train, _) = TestData.Digits();
        int saved = KernelThreads.Count;
        try
        {
            float[] Run(int threads)
            {
                KernelThreads.Count = threads;
                var net = new DigitsMlp(3);
                net.Fit(train, epochs: 1, batchSize: 512, optimizer: new Momentum(0.05f));
                return net.Engine.ParameterValues.ToArray();
            }
            Assert.Equal(Run(1), Run(2));
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void BreastCancerWithBinaryCrossEntropyOnLogits()
    {
        var (train, test) = TestData.BreastCancer();
        var net = new CancerNet(seed: 1);
        net.Fit(train, epochs: 40, batchSize: 32, optimizer: new Adam(1e-3f));
        Evaluation result = net.Evaluate(test);
        Assert.True(result.Accuracy >= 0.95, result.ToString());
        float[] p = net.PredictProbabilities(test.Row(0));
        Assert.InRange(p[0], 0f, 1f);
    }

    [Fact]
    public void DiabetesRegressionBeatsPredictingTheMean()
    {
        var (train, test) = TestData.Diabetes();
        var net = new DiabetesNet(seed: 2);
        net.Fit(train, epochs: 60, batchSize: 32, optimizer: new Adam(3e-3f));
        Evaluation result = net.Evaluate(test);
        // Targets are standardized, so predicting the mean scores about 1.0.
        Assert.True(result.Loss < 0.7, result.ToString());
        Assert.Null(result.Accuracy);
        Assert.Throws<InvalidOperationException>(() => net.Predict(test.Row(0)));
    }

    [Fact]
    public void EpochReportsArriveInOrderWithTimings()
    {
        var (train, test) = TestData.Digits();
        var reports = new List<EpochReport>();
        var net = new DigitsMlp(seed: 4);
        net.Fit(train, epochs: 3, batchSize: 64, optimizer: new Sgd(0.1f), progress: new Collector(reports), validation: test);
        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.True(r.Elapsed > TimeSpan.Zero && r.ValidationAccuracy is not null && r.Accuracy is not null));
        Assert.Contains("loss", reports[0].ToString());
    }

    [Fact]
    public void LayerPropertiesShowTheLastForwardPass()
    {
        var net = new DigitsMlp(seed: 1);
        var (_, test) = TestData.Digits();
        int predicted = net.Predict(test.Row(0));
        Assert.Equal(1, net.Hidden.Rows);
        Assert.Equal(128, net.Hidden.Columns);
        Assert.All(net.Hidden.ToArray(), v => Assert.True(v >= 0)); // ReLU outputs
        Assert.Equal(10, net.Logits.Columns);
        Assert.Equal(predicted, Array.IndexOf(net.Logits.ToArray(), net.Logits.ToArray().Max()));
        Assert.Equal(test.Row(0).ToArray(), net.Pixels.ToArray());
        float[] probabilities = net.PredictProbabilities(test.Row(0));
        Assert.Equal(1.0, probabilities.Sum(), 1e-5);
    }

    private sealed class Collector(List<EpochReport> reports) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => reports.Add(value);
    }
}
