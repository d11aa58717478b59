namespace ModelGen;

/// <summary>
/// Dynamic loss scaling for reduced-precision training (Micikevicius et al., 2018; PyTorch's
/// GradScaler): the loss gradient is multiplied by a scale before the backward pass, so gradients
/// that float16 would flush to zero stay representable, and the parameter gradients are divided by it
/// again before the optimizer step. A step whose gradients overflow is skipped and the scale backs
/// off; after <see cref="GrowthInterval"/> clean steps in a row it grows again.
/// </summary>
public sealed record LossScaling
{
    private readonly double _initialScale = 65536, _growthFactor = 2, _backoffFactor = 0.5;
    private readonly int _growthInterval = 2000;

    /// <summary>PyTorch's defaults: start at 2^16, halve on overflow, double after 2000 clean steps.</summary>
    public static LossScaling Dynamic { get; } = new();

    /// <summary>The scale of the first step, in (0, +inf).</summary>
    public double InitialScale { get => _initialScale; init => _initialScale = OptionRange.Positive(value, nameof(InitialScale)); }

    /// <summary>What the scale is multiplied by after <see cref="GrowthInterval"/> clean steps, in (1, +inf).</summary>
    public double GrowthFactor { get => _growthFactor; init => _growthFactor = OptionRange.GreaterThanOne(value, nameof(GrowthFactor)); }

    /// <summary>What the scale is multiplied by after a step with non-finite gradients, in (0, 1).</summary>
    public double BackoffFactor { get => _backoffFactor; init => _backoffFactor = OptionRange.OpenFraction(value, nameof(BackoffFactor)); }

    /// <summary>Clean steps in a row after which the scale grows, in [1, int.MaxValue].</summary>
    public int GrowthInterval { get => _growthInterval; init => _growthInterval = OptionRange.AtLeastOne(value, nameof(GrowthInterval)); }
}
