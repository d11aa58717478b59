using ModelGen;
using ModelGen.Runtime;

namespace ResidualDigits;

/// <summary>
/// The run's settings: AdamW (lr 2e-3, weight decay 0.01), batch 64, 40 epochs, a linear warmup over the
/// first epoch then cosine decay to 0 over the rest (<see cref="WarmupCosine"/>), seed 42.
/// </summary>
public sealed record ResidualDigitsSettings
{
    public int Seed { get; init; } = 42;
    public int Epochs { get; init; } = 40;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 2e-3f;
    public float WeightDecay { get; init; } = 0.01f;
    public int WarmupEpochs { get; init; } = 1;

    /// <summary>Optimizer steps per epoch: the last batch of an epoch may be smaller.</summary>
    public int StepsPerEpoch(int trainCount) => (trainCount + BatchSize - 1) / BatchSize;

    public TrainingOptions Options(int trainCount) => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        Optimizer = new AdamW(LearningRate, weightDecay: WeightDecay),
        Schedule = new WarmupCosine(warmupSteps: (long)WarmupEpochs * StepsPerEpoch(trainCount), totalSteps: (long)Epochs * StepsPerEpoch(trainCount)),
    };
}

/// <param name="History">Per-epoch training loss, accuracy and time.</param>
/// <param name="Test">Loss and accuracy on the 360 test images.</param>
/// <param name="TestPredictions">The predicted class of each test image, in split order.</param>
/// <param name="TrainingMemoryBytes">What one training step holds at the batch size with AdamW's two slots per parameter.</param>
public sealed record ResidualDigitsResult(TrainingHistory History, Evaluation Test, int[] TestPredictions, long TrainingMemoryBytes)
{
    /// <summary>Mean wall time of an epoch's training steps (the per-epoch evaluation excluded).</summary>
    public double MillisecondsPerEpoch => History.Epochs.Average(e => e.Elapsed.TotalMilliseconds);

    /// <summary>Median wall time of an epoch's training steps: the first epochs include the JIT's work.</summary>
    public double MedianMillisecondsPerEpoch
    {
        get
        {
            double[] times = History.Epochs.Select(e => e.Elapsed.TotalMilliseconds).Order().ToArray();
            return times.Length % 2 == 1 ? times[times.Length / 2] : (times[times.Length / 2 - 1] + times[times.Length / 2]) / 2;
        }
    }
}

/// <summary>The whole run, fixed by its settings: train on the fixed split's 1,437 images, score the 360 test images.</summary>
public static class ResidualDigitsExperiment
{
    /// <summary>AdamW keeps two values per parameter (first and second moments).</summary>
    public const int AdamWSlots = 2;

    public static ResidualDigitsResult Run(Dataset train, Dataset test, ResidualDigitsSettings settings, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Run(new ResidualDigitsNet(settings.Seed), train, test, settings, progress);
    }

    /// <summary>Trains <paramref name="net"/> (fresh, initialized with the settings' seed for a reproducible run) and scores it.</summary>
    public static ResidualDigitsResult Run(ResidualDigitsNet net, Dataset train, Dataset test, ResidualDigitsSettings settings, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        TrainingHistory history = net.Engine.Fit(train, settings.Options(train.Count), progress);
        return new ResidualDigitsResult(history, net.Evaluate(test), net.Predict(test),
            ResidualDigitsNet.Info.TrainingMemoryBytes(settings.BatchSize, AdamWSlots));
    }
}
