using ModelGen;

namespace Tabular;

/// <summary>
/// What the tabular samples share about a run: the seed (split and initialization), the split
/// fractions (test of all rows, then validation of the rest), and AdamW training with early stopping
/// on the validation loss, best weights restored.
/// </summary>
public record TrainingSettings
{
    public int Seed { get; init; } = 42;
    public double TestFraction { get; init; } = 0.2;
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>The most epochs; early stopping usually ends sooner.</summary>
    public int MaxEpochs { get; init; } = 300;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 1e-3f;
    /// <summary>AdamW's decoupled weight decay (PyTorch's default).</summary>
    public float WeightDecay { get; init; } = 0.01f;
    /// <summary>Epochs without a lower validation loss before training stops.</summary>
    public int Patience { get; init; } = 20;

    /// <summary>The <see cref="TrainingOptions"/> these settings describe, validating on <paramref name="validation"/>.</summary>
    public TrainingOptions Options(ModelGen.Runtime.Dataset validation) => new()
    {
        Epochs = MaxEpochs,
        BatchSize = BatchSize,
        Optimizer = new AdamW(LearningRate, weightDecay: WeightDecay),
        Validation = validation,
        EarlyStopping = new EarlyStopping { Patience = Patience, RestoreBestWeights = true },
    };

    public sealed override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "AdamW(lr {0}, weight decay {1}), batch {2}, at most {3} epochs, early stopping patience {4}",
        LearningRate, WeightDecay, BatchSize, MaxEpochs, Patience);
}
