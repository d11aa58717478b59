using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

/// <summary>Schedules against PyTorch's closed forms, and their use by Fit once per optimizer step.</summary>
public class ScheduleTests
{
    private const double Base = 0.1;

    [Fact]
    public void StepDecayMatchesStepLR()
    {
        var schedule = new StepDecay(stepSize: 3, gamma: 0.5);
        double[] expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025];
        for (int t = 0; t < expected.Length; t++) Assert.Equal(expected[t], schedule.LearningRate(t, Base), 15);
    }

    [Fact]
    public void ExponentialDecayMatchesExponentialLR()
    {
        var schedule = new ExponentialDecay(0.9);
        for (int t = 0; t < 50; t++) Assert.Equal(Base * Math.Pow(0.9, t), schedule.LearningRate(t, Base), 15);
        Assert.Equal(0.0729, schedule.LearningRate(3, Base), 15);
    }

    [Fact]
    public void CosineAnnealingMatchesCosineAnnealingLR()
    {
        var schedule = new CosineAnnealing(tMax: 10, minLr: 0.001);
        for (int t = 0; t <= 20; t++)
            Assert.Equal(0.001 + 0.5 * (Base - 0.001) * (1 + Math.Cos(t * Math.PI / 10)), schedule.LearningRate(t, Base), 15);
        Assert.Equal(0.1, schedule.LearningRate(0, Base), 15);
        Assert.Equal(0.0505, schedule.LearningRate(5, Base), 15);
        Assert.Equal(0.001, schedule.LearningRate(10, Base), 15);
        Assert.Equal(0.0905463412, schedule.LearningRate(2, Base), 9);
    }

    [Fact]
    public void WarmupCosineRampsLinearlyThenFollowsTheCosineToItsFloor()
    {
        var schedule = new WarmupCosine(warmupSteps: 4, totalSteps: 14, minLr: 0.01);
        double[] warmup = [0, 0.025, 0.05, 0.075];
        for (int t = 0; t < 4; t++) Assert.Equal(warmup[t], schedule.LearningRate(t, Base), 15);
        for (int t = 4; t <= 14; t++)
            Assert.Equal(0.01 + 0.5 * (Base - 0.01) * (1 + Math.Cos(Math.PI * (t - 4) / 10.0)), schedule.LearningRate(t, Base), 15);
        Assert.Equal(0.055, schedule.LearningRate(9, Base), 15);
        Assert.Equal(0.01, schedule.LearningRate(500, Base), 15);
    }

    [Fact]
    public void InvalidScheduleParametersNameThemselves()
    {
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(1.5)).ParamName);
        Assert.Equal("minLr", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealing(10, -1)).ParamName);
        Assert.Equal("totalSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosine(10, 10)).ParamName);
    }

    /// <summary>Records the steps Fit asks for, and answers a rate that encodes the step.</summary>
    private sealed class RecordingSchedule : LearningRateSchedule
    {
        public List<long> Steps { get; } = [];
        public override double LearningRate(long step, double baseLearningRate)
        {
            Steps.Add(step);
            return baseLearningRate / (step + 1);
        }
    }

    [Fact]
    public void FitSetsTheRateBeforeEveryUpdateAndContinuesTheCountAcrossCalls()
    {
        var net = new ReluNet(2);
        Dataset data = TestData.RandomFor(ReluNet.Info, 40, 2);
        var optimizer = new Sgd(0.5f);
        var schedule = new RecordingSchedule();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 8, Optimizer = optimizer, Schedule = schedule };
        TrainingHistory first = net.Engine.Fit(data, options);
        Assert.Equal(0.5f, optimizer.LearningRate);                    // the base rate is put back
        net.Engine.Fit(data, options with { Epochs = 1 });
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (long)i), schedule.Steps);  // 5 batches per epoch, 3 epochs
        Assert.Equal(15, net.Engine.Step);
        Assert.Equal((double)(0.5f / 10), first.Last.LearningRate!.Value, 6);        // the 10th update's rate
    }

    [Fact]
    public void ScheduledSgdUpdateUsesTheScheduledRate()
    {
        // One batch per epoch and plain SGD: the weight change of update t is exactly rate(t)·gradient.
        var net = new MseNet(4);
        Dataset data = TestData.RandomFor(MseNet.Info, 8, 4);
        var optimizer = new Sgd(0.2f);
        net.Engine.Fit(data, new TrainingOptions { Epochs = 3, BatchSize = 8, Optimizer = optimizer });
        var probe = new MseNet.Network<float>(0);
        probe.CopyParametersFrom(net.Engine);
        int[] rows = Enumerable.Range(0, 8).ToArray();
        probe.LoadBatch(data, rows);
        probe.ComputeLoss(8, gradients: true, out _);
        float[] gradient = probe.GradientValues.ToArray();
        float[] before = net.Engine.ParameterValues.ToArray();

        var schedule = new ExponentialDecay(0.5);
        net.Engine.Fit(data, new TrainingOptions { Epochs = 1, BatchSize = 8, Optimizer = optimizer, Schedule = schedule });
        float rate = (float)schedule.LearningRate(3, 0.2f);              // the 4th update of this optimizer
        float[] after = net.Engine.ParameterValues.ToArray();
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i] - rate * gradient[i], after[i], 6);
    }
}

public class ScheduleCheckpointTests
{
    [Fact]
    public void AScheduledRunResumedFromACheckpointEqualsTheUninterruptedRunBitForBit()
    {
        // The schedule reads the optimizer's step count and the rate it started from, both of which
        // the checkpoint and the caller restore, so nothing about the schedule needs saving.
        using var dir = new Shipping.TempDirectory();
        var (train, _) = TestData.Digits();
        TrainingOptions Options(Optimizer optimizer, int epochs) => new()
        {
            Epochs = epochs, BatchSize = 64, Optimizer = optimizer, Schedule = new WarmupCosine(10, 80, 1e-5), ClipGlobalNorm = 2,
        };

        var straight = new DigitsMlp(seed: 7);
        straight.Engine.Fit(train, Options(new AdamW(1e-2f), 4));

        var first = new DigitsMlp(seed: 7);
        first.Engine.Fit(train, Options(new AdamW(1e-2f), 2));
        string path = dir.File("scheduled.safetensors");
        first.SaveTrainingCheckpoint(path);
        var resumed = new DigitsMlp(seed: 99);
        var again = new AdamW(1e-2f);
        resumed.LoadTrainingCheckpoint(path, again);
        resumed.Engine.Fit(train, Options(again, 2));

        Assert.Equal(straight.Engine.ParameterValues.ToArray(), resumed.Engine.ParameterValues.ToArray());
    }
}
