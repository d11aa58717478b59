namespace ModelGen;

/// <summary>
/// Stops training when the validation loss has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs in a row (Keras' EarlyStopping on val_loss). With
/// <see cref="RestoreBestWeights"/>, the weights of the best epoch are put back at the end of Fit,
/// whether it stopped early or ran every epoch. Needs <see cref="TrainingOptions.Validation"/>.
/// </summary>
public sealed record EarlyStopping
{
    private readonly int _patience = 5;
    private readonly double _minDelta;

    /// <summary>Epochs without improvement tolerated before stopping, in [1, int.MaxValue].</summary>
    public int Patience { get => _patience; init => _patience = OptionRange.AtLeastOne(value, nameof(Patience)); }

    /// <summary>How much lower than the best so far a validation loss must be to count as an improvement, &gt;= 0.</summary>
    public double MinDelta { get => _minDelta; init => _minDelta = OptionRange.NonNegative(value, nameof(MinDelta)); }

    /// <summary>Put back the weights of the epoch with the lowest validation loss when training ends.</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
