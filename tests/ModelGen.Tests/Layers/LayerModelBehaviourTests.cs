using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;
using Xunit.Abstractions;

namespace ModelGen.Tests.Layers;

/// <summary>What the new layers do inside generated models: training vs evaluation, checkpointing, saving.</summary>
public class LayerModelBehaviourTests(ITestOutputHelper output)
{
    [Fact]
    public void CheckpointedLayersGiveIdenticalGradientsWithLessActivationMemory()
    {
        var plain = new PlainDeepNet.Network<float>(3);
        var checkpointed = new CheckpointedNet.Network<float>(3);
        Dataset data = TestData.RandomTokensFor(plain.Info, rows: 64, seed: 5, vocabulary: 11);
        int[] rows = Enumerable.Range(0, 64).ToArray();
        plain.LoadBatch(data, rows);
        checkpointed.LoadBatch(data, rows);
        float lossPlain = plain.ComputeLoss(64, gradients: true, out _);
        float lossCheckpointed = checkpointed.ComputeLoss(64, gradients: true, out _);

        Assert.Equal(lossPlain, lossCheckpointed);
        Assert.Equal(plain.GradientValues.ToArray(), checkpointed.GradientValues.ToArray());
        long plainBytes = plain.Info.TrainingMemoryBytes(256, optimizerSlots: 2);
        long checkpointedBytes = checkpointed.Info.TrainingMemoryBytes(256, optimizerSlots: 2);
        output.WriteLine($"activations per sample: {plain.Info.ActivationWidth} plain, {checkpointed.Info.ActivationWidth} checkpointed; " +
            $"training step at batch 256 with Adam: {plainBytes:N0} B plain, {checkpointedBytes:N0} B checkpointed ({100.0 * (plainBytes - checkpointedBytes) / plainBytes:F1}% less)");
        Assert.True(checkpointed.Info.ActivationWidth < plain.Info.ActivationWidth * 0.75,
            $"checkpointing should cut the activation arena: {checkpointed.Info.ActivationWidth} vs {plain.Info.ActivationWidth}");
        Assert.True(checkpointedBytes < plainBytes);
    }

    [Fact]
    public void BatchNormUsesBatchStatisticsWhileTrainingAndRunningAveragesInEvaluation()
    {
        var network = new BatchNormNet.Network<double>(1);
        Dataset data = TestData.RandomFor(network.Info, rows: 32, seed: 2);
        int[] rows = Enumerable.Range(0, 32).ToArray();
        network.LoadBatch(data, rows);
        double[] Running() => network.Info.States.Where(s => s.Name.Contains("Running")).SelectMany(s => network.StateValues.Slice(s.Offset, s.Length).ToArray()).ToArray();
        double[] runningBefore = Running();
        double trainingLoss = network.ComputeLoss(32, gradients: true, out _);
        double[] runningAfter = Running();
        Assert.NotEqual(runningBefore, runningAfter); // a training pass moves the running averages
        double evaluationLoss = network.ComputeLoss(32, gradients: false, out _);
        Assert.Equal(runningAfter, Running()); // evaluation leaves them
        Assert.NotEqual(trainingLoss, evaluationLoss); // and normalizes with them instead of the batch's statistics
    }

    [Fact]
    public void DropoutIsOffInEvaluationAndChangesWithTheStepWhileTraining()
    {
        var network = new DropoutNet.Network<float>(4);
        Dataset data = TestData.RandomFor(network.Info, rows: 16, seed: 3);
        int[] rows = Enumerable.Range(0, 16).ToArray();
        network.LoadBatch(data, rows);
        float evaluation1 = network.ComputeLoss(16, gradients: false, out _);
        float evaluation2 = network.ComputeLoss(16, gradients: false, out _);
        Assert.Equal(evaluation1, evaluation2);
        float training1 = network.ComputeLoss(16, gradients: true, out _);
        float training1Again = network.ComputeLoss(16, gradients: true, out _);
        Assert.Equal(training1, training1Again); // the same step draws the same masks (gradient checks rely on it)
        Assert.NotEqual(evaluation1, training1);
        network.ApplyOptimizer(new Sgd(0));
        network.LoadBatch(data, rows);
        float training2 = network.ComputeLoss(16, gradients: true, out _);
        Assert.NotEqual(training1, training2); // a new step, new masks (the weights did not move: learning rate 0)
    }

    [Fact]
    public void RunningStatisticsAreSavedWithTheWeights()
    {
        var network = new BatchNormNet.Network<float>(1);
        Dataset data = TestData.RandomFor(network.Info, rows: 32, seed: 2);
        network.Fit(data, epochs: 2, batchSize: 8, new Adam(1e-2f));
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-bn-{Guid.NewGuid():N}.safetensors");
        try
        {
            network.SaveWeights(path);
            var loaded = new BatchNormNet.Network<float>(9);
            loaded.LoadWeights(path);
            Assert.Equal(2, network.Info.States.Count); // running mean and variance; the batch statistics are scratch, not saved
            foreach (ParameterInfo state in network.Info.States)
                Assert.Equal(network.StateValues.Slice(state.Offset, state.Length).ToArray(), loaded.StateValues.Slice(state.Offset, state.Length).ToArray());
            Assert.Equal(network.Evaluate(data).Loss, loaded.Evaluate(data).Loss);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ANonFiniteInputIsTracedToTheKernelThatFirstProducedIt()
    {
        var network = new LayerNormNet.Network<float>(1);
        // Dataset refuses NaN when it is built; a value corrupted afterwards reaches the step.
        Dataset poisoned = TestData.RandomFor(network.Info, rows: 24, seed: 4);
        poisoned.Features[5 * network.Info.InputWidth + 2] = float.NaN;
        float[] before = network.ParameterValues.ToArray();
        var options = new TrainingOptions { Epochs = 1, BatchSize = 24, Optimizer = new Adam(1e-3f), NonFiniteGuard = new NonFiniteGuard { MaxConsecutiveSkips = 10 } };
        TrainingHistory history = network.Fit(poisoned, options);

        EpochReport epoch = Assert.Single(history.Epochs);
        Assert.Equal(1, epoch.SkippedSteps);
        Assert.Equal(before, network.ParameterValues.ToArray()); // the step was skipped: weights untouched
        NonFiniteStep step = epoch.LastSkippedStep!;
        output.WriteLine(step.ToString());
        Assert.Equal("layer 'H', DenseForward writing H", step.Op);
        Assert.Contains("feature 2 is NaN", step.Input);
        Assert.Equal("H", step.Layer);
    }
}

/// <summary>A [Loss] method compiles to the same fused loss as the attribute it spells out.</summary>
public class LossMethodTests
{
    [Fact]
    public void HandWrittenBinaryCrossEntropyEqualsTheFusedLogitsLossAndStaysFiniteWhereTheNaiveFormOverflows()
    {
        var written = new HandWrittenBceNet.Network<double>(4);
        var fused = new BceNet.Network<double>(4);
        Dataset data = TestData.RandomFor(fused.Info, rows: 11, seed: 3);
        int[] rows = Enumerable.Range(0, 11).ToArray();
        written.LoadBatch(data, rows);
        fused.LoadBatch(data, rows);
        Assert.Equal(fused.ComputeLoss(11, gradients: true, out _), written.ComputeLoss(11, gradients: true, out _), 12);
        double[] a = fused.GradientValues.ToArray(), b = written.GradientValues.ToArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 12);

        // Logits of ±60: σ rounds to 0 or 1 in float, so log(σ) or log(1 − σ) of the naive form is −∞.
        var floatNet = new HandWrittenBceNet.Network<float>(4);
        floatNet.Parameter("Y.Bias").Fill(60f);
        floatNet.LoadBatch(data, rows);
        float loss = floatNet.ComputeLoss(11, gradients: true, out _);
        Assert.True(float.IsFinite(loss) && loss > 1, $"loss {loss}");
        Assert.All(floatNet.GradientValues.ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void CrossEntropyOfASoftmaxAtATemperatureIsTheSmoothedLogitsLossOfTheScaledOutput()
    {
        var network = new LossMethodNet.Network<double>(2);
        Dataset data = TestData.RandomFor(network.Info, rows: 9, seed: 6);
        int[] rows = Enumerable.Range(0, 9).ToArray();
        network.LoadBatch(data, rows);
        double loss = network.ComputeLoss(9, gradients: false, out _);

        // The same loss from the outputs, which are the loss's logits z / 2 (the temperature is folded in):
        // mean over rows of −Σ q·log softmax(z / 2), q = 0.95·onehot + 0.05/3.
        double expected = 0;
        for (int r = 0; r < 9; r++)
        {
            var outputs = new float[3];
            network.Predict(data.Row(r), outputs);
            double[] z = outputs.Select(v => (double)v).ToArray();
            Assert.Equal(network.LayerOutput(2).Span[0] / 2.0, z[0], 6); // layer Y holds z itself
            double max = z.Max();
            double logSum = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
            for (int c = 0; c < 3; c++)
            {
                double q = (c == data.Labels![r] ? 0.95 : 0) + 0.05 / 3;
                expected -= q * (z[c] - logSum);
            }
        }
        Assert.Equal(expected / 9, loss, 5);
    }
}

/// <summary>Bad input to the new layers is refused with a message that names it, before any weight changes.</summary>
public class LayerBadInputTests
{
    [Theory]
    [InlineData(11f)]
    [InlineData(-1f)]
    [InlineData(2.5f)]
    public void ATokenOutsideTheVocabularyStopsTrainingNamingItAndLeavesTheWeights(float token)
    {
        var network = new AttentionNet.Network<float>(1);
        Dataset data = TestData.RandomTokensFor(network.Info, rows: 8, seed: 1, vocabulary: 11);
        data.Features[3 * network.Info.InputWidth + 4] = token;
        float[] before = network.ParameterValues.ToArray();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.Fit(data, epochs: 1, batchSize: 8, new Adam(1e-3f)));
        Assert.Contains(token.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Contains("position 4", error.Message);
        Assert.Equal(before, network.ParameterValues.ToArray());
    }
}

/// <summary>Early stopping restores the running statistics of the best epoch with its weights.</summary>
public class BatchNormEarlyStoppingTests
{
    [Fact]
    public void TheBestEpochsRunningStatisticsComeBackWithItsWeights()
    {
        var network = new BatchNormNet.Network<float>(5);
        Dataset train = TestData.RandomFor(network.Info, rows: 48, seed: 8);
        Dataset validation = TestData.RandomFor(network.Info, rows: 24, seed: 9); // random labels: validation loss soon rises
        var states = new List<float[]>();
        var weights = new List<float[]>();
        var options = new TrainingOptions
        {
            Epochs = 30, BatchSize = 8, Optimizer = new Adam(3e-2f), Validation = validation,
            EarlyStopping = new EarlyStopping { Patience = 3 },
        };
        TrainingHistory history = network.Fit(train, options, new InlineProgress(_ =>
        {
            states.Add(network.StateValues.ToArray());
            weights.Add(network.ParameterValues.ToArray());
        }));
        int best = history.BestEpoch!.Value;
        Assert.True(history.Epochs.Count > best, "the run should go past its best epoch");
        Assert.Equal(weights[best - 1], network.ParameterValues.ToArray());
        Assert.Equal(states[best - 1], network.StateValues.ToArray());
        Assert.NotEqual(states[^1], network.StateValues.ToArray());
    }

    private sealed class InlineProgress(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}

/// <summary>A gradient check leaves a batch-norm model's running statistics as it found them.</summary>
public class GradCheckStateTests
{
    [Fact]
    public void RunningStatisticsSurviveAGradientCheck()
    {
        var network = new BatchNormNet.Network<double>(2);
        Dataset data = TestData.RandomFor(network.Info, rows: 9, seed: 1);
        network.Fit(data, epochs: 1, batchSize: 3, new Sgd(0.1f));
        double[] before = network.StateValues.ToArray();
        GradCheck.Run(network, data, samples: 9);
        Assert.Equal(before, network.StateValues.ToArray());
    }
}

/// <summary>The training diagnostics leave a batch-norm model's running statistics as they found them.</summary>
public class DiagnosticsStateTests
{
    [Fact]
    public void OverfitOneBatchPutsTheRunningStatisticsBack()
    {
        var network = new BatchNormNet.Network<float>(2);
        Dataset data = TestData.RandomFor(network.Info, rows: 16, seed: 1);
        // The model's state (its running statistics); the arena's per-step scratch after them may change.
        float[] Saved() => network.Info.States.SelectMany(s => network.StateValues.Slice(s.Offset, s.Length).ToArray()).ToArray();
        float[] state = Saved(), weights = network.ParameterValues.ToArray();
        TrainingDiagnostics.OverfitOneBatch(network, data, new Adam(1e-2f), batchSize: 8, steps: 20);
        Assert.NotEmpty(state);
        Assert.Equal(state, Saved());
        Assert.Equal(weights, network.ParameterValues.ToArray());
    }
}
