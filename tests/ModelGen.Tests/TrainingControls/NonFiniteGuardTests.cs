using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class NonFiniteGuardTests
{
    /// <summary>Finite features so large that the first layer's products overflow to infinity.</summary>
    private static float[] Overflowing(int rows) => Enumerable.Repeat(3e38f, rows * 64).ToArray();

    private static Dataset GoodDigitsWithOnePoisonedRow(int good, out int poisoned)
    {
        var (train, _) = TestData.Digits();
        Dataset clean = train.Subset(Enumerable.Range(0, good).ToArray());
        poisoned = good;
        float[] features = [.. clean.Features, .. Overflowing(1)];
        return Dataset.ForClassification(features, 64, [.. clean.Labels!, 3]);
    }

    [Fact]
    public void OverflowingStepsAreSkippedUntilTheGuardGivesUpNamingTheLayer()
    {
        var net = new DigitsMlp(1);
        Dataset data = Dataset.ForClassification(Overflowing(40), 64, new int[40]);
        float[] before = net.Engine.ParameterValues.ToArray();
        var e = Assert.Throws<TrainingDivergedException>(() =>
            net.Engine.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 2, Optimizer = new Adam(1e-3f) }));

        Assert.Equal(before, net.Engine.ParameterValues.ToArray());
        Assert.Equal(0, net.Engine.Step);                                  // the optimizer never ran
        NonFiniteStep step = e.LastSkippedStep!;
        Assert.Equal("Hidden", step.Layer);
        // Hidden's infinite output first poisons the gradient of the weights it multiplies: Hidden2's.
        Assert.Equal("Hidden2.Weight", step.Parameter);
        Assert.Equal(1, step.Epoch);
        Assert.Contains("10 training steps in a row", e.Message);
        Assert.Contains("in layer Hidden", e.Message);
        Assert.Contains("Lower the learning rate", e.Message);
    }

    [Fact]
    public void ASkippedStepLeavesWeightsAndOptimizerStateAsIfItsBatchWereAbsent()
    {
        // Batch size 1 and Adam: the guarded run must equal, bit for bit, the same shuffled order
        // with the poisoned row's step left out (same update count, same moments).
        Dataset data = GoodDigitsWithOnePoisonedRow(30, out int poisoned);
        var guarded = new DigitsMlp(5);
        EpochReport report = guarded.Engine.Fit(data, new TrainingOptions { Epochs = 1, BatchSize = 1, Optimizer = new Adam(1e-3f) }).Last;

        var reference = new DigitsMlp.Network<float>(5);
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        reference.Rng.Shuffle(order);
        var adam = new Adam(1e-3f);
        foreach (int row in order)
        {
            if (row == poisoned) continue;
            reference.LoadBatch(data, [row]);
            reference.ComputeLoss(1, gradients: true, out _);
            reference.ApplyOptimizer(adam);
        }

        Assert.Equal(reference.ParameterValues.ToArray(), guarded.Engine.ParameterValues.ToArray());
        Assert.Equal(30, guarded.Engine.Step);
        Assert.Equal(1, report.SkippedSteps);
        Assert.Equal("Hidden", report.LastSkippedStep!.Layer);
        Assert.True(double.IsFinite(report.Loss));
        Assert.Contains("skipped 1 non-finite steps", report.ToString());
    }

    [Fact]
    public void TheClassicFitStillStopsAtTheFirstNonFiniteStep()
    {
        Dataset data = GoodDigitsWithOnePoisonedRow(30, out _);
        var net = new DigitsMlp(5);
        var e = Assert.Throws<TrainingDivergedException>(() => net.Fit(data, 1, 1, new Adam(1e-3f)));
        Assert.Contains("A training step produced non-finite values in layer Hidden", e.Message);
    }

    [Fact]
    public void WithoutTheGuardTheOverflowReachesTheWeights()
    {
        // Why the guard is on by default: the same run with it off silently corrupts the model.
        Dataset data = GoodDigitsWithOnePoisonedRow(30, out _);
        var net = new DigitsMlp(5);
        net.Engine.Fit(data, new TrainingOptions { Epochs = 1, BatchSize = 1, Optimizer = new Adam(1e-3f), NonFiniteGuard = null });
        Assert.Contains(net.Engine.ParameterValues.ToArray(), w => !float.IsFinite(w));
    }
}
