using ModelGen.Runtime;

namespace ModelGen;

/// <summary>
/// Everything one <c>Fit</c> call needs besides the training data. Each option is checked when it is
/// set (and the combination when Fit starts): an invalid value throws
/// <see cref="ArgumentOutOfRangeException"/> naming the option and its valid range.
/// </summary>
public sealed record TrainingOptions
{
    private readonly int _epochs, _batchSize;
    private readonly double? _clipGlobalNorm, _clipValue, _maxNorm, _mixup;
    private readonly double _l1, _l2;
    private readonly StoragePrecision _precision;

    /// <summary>Passes over the training set, in [1, int.MaxValue].</summary>
    public required int Epochs { get => _epochs; init => _epochs = OptionRange.AtLeastOne(value, nameof(Epochs)); }

    /// <summary>Samples per optimizer step, in [1, int.MaxValue] (the last batch of an epoch may be smaller).</summary>
    public required int BatchSize { get => _batchSize; init => _batchSize = OptionRange.AtLeastOne(value, nameof(BatchSize)); }

    public required Optimizer Optimizer { get; init; }

    /// <summary>Evaluated after every epoch; required by <see cref="EarlyStopping"/>.</summary>
    public Dataset? Validation { get; init; }

    /// <summary>
    /// Sets the optimizer's learning rate before every step from the rate it had when Fit started
    /// (put back when Fit returns) and the optimizer's step count, so a resumed run continues the schedule.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>When the L2 norm of all gradients together exceeds this, every gradient is scaled down to meet it; (0, +inf).</summary>
    public double? ClipGlobalNorm { get => _clipGlobalNorm; init => _clipGlobalNorm = value is { } v ? OptionRange.Positive(v, nameof(ClipGlobalNorm)) : null; }

    /// <summary>Every gradient element is clamped to [-ClipValue, ClipValue] (after global-norm clipping); (0, +inf).</summary>
    public double? ClipValue { get => _clipValue; init => _clipValue = value is { } v ? OptionRange.Positive(v, nameof(ClipValue)) : null; }

    /// <summary>Adds L1·Σ|w| over the weights (not the biases) to the loss, and L1·sign(w) to their gradients; [0, +inf).</summary>
    public double L1 { get => _l1; init => _l1 = OptionRange.NonNegative(value, nameof(L1)); }

    /// <summary>Adds L2·Σw² over the weights (not the biases) to the loss, and 2·L2·w to their gradients; [0, +inf).</summary>
    public double L2 { get => _l2; init => _l2 = OptionRange.NonNegative(value, nameof(L2)); }

    /// <summary>
    /// After every optimizer step, each output unit's incoming weight vector (a column of a layer's
    /// [in, out] weight; biases excluded) is scaled down to this L2 norm if it is longer; (0, +inf).
    /// </summary>
    public double? MaxNorm { get => _maxNorm; init => _maxNorm = value is { } v ? OptionRange.Positive(v, nameof(MaxNorm)) : null; }

    /// <summary>
    /// Mixup (Zhang et al., 2018) with this Beta(α, α) parameter; (0, +inf). Each batch becomes
    /// λ·x_i + (1 − λ)·x_π(i) for a random permutation π and λ ~ Beta(α, α), drawn from the network's
    /// random stream, and its loss λ·L(y_i) + (1 − λ)·L(y_π(i)). Regression and binary targets are
    /// mixed directly; integer class labels cost a second forward and backward pass per step.
    /// </summary>
    public double? Mixup { get => _mixup; init => _mixup = value is { } v ? OptionRange.Positive(v, nameof(Mixup)) : null; }

    /// <summary>
    /// The precision activations and activation gradients are stored in during the run (the weights
    /// and optimizer state stay in the network's type). Float16 needs <see cref="LossScaling"/>.
    /// </summary>
    public StoragePrecision Precision
    {
        get => _precision;
        init => _precision = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Precision), value, $"{nameof(Precision)} must be Float32, BFloat16 or Float16; got {value}.");
    }

    /// <summary>Scales the loss gradient so small float16 gradients do not flush to zero; null (the default) does not scale.</summary>
    public LossScaling? LossScaling { get; init; }

    /// <summary>Stops on a validation loss that no longer improves; null trains every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Skips steps with a non-finite loss or gradient; on by default, null turns the check off.</summary>
    public NonFiniteGuard? NonFiniteGuard { get; init; } = NonFiniteGuard.Default;

    /// <summary>Checks what the setters cannot see alone; Fit calls it before the first step.</summary>
    internal void Validate()
    {
        // The setters range-check each value; a null optimizer (`Optimizer = null!`) gets past the compiler.
        if (Optimizer is null) throw new ArgumentNullException(nameof(Optimizer), "TrainingOptions.Optimizer must be set.");
        if (EarlyStopping is not null && Validation is null)
            throw new ArgumentException("EarlyStopping watches the validation loss: set TrainingOptions.Validation as well.", nameof(EarlyStopping));
    }
}
