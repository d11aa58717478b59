namespace ModelGen;

/// <summary>
/// Checks every training step for a NaN or infinite loss or gradient (one vectorized pass over the
/// gradient arena) and skips such a step before the optimizer sees it, so neither the weights nor the
/// optimizer state change. A run that keeps producing them is diverging, not unlucky: after
/// <see cref="MaxConsecutiveSkips"/> skipped steps in a row, Fit throws
/// <see cref="Runtime.TrainingDivergedException"/> naming the layer.
/// </summary>
public sealed record NonFiniteGuard
{
    private readonly int _maxConsecutiveSkips = 10;

    /// <summary>The guard <see cref="TrainingOptions"/> uses unless told otherwise.</summary>
    public static NonFiniteGuard Default { get; } = new();

    /// <summary>Skipped steps in a row after which training stops, in [1, int.MaxValue]; 1 stops at the first.</summary>
    public int MaxConsecutiveSkips
    {
        get => _maxConsecutiveSkips;
        init => _maxConsecutiveSkips = OptionRange.AtLeastOne(value, nameof(MaxConsecutiveSkips));
    }
}
