namespace ModelGen;

/// <summary>
/// Follows the validation loss for one Fit call and keeps a copy of the best weights, with the
/// non-trainable state (batch-norm running statistics) that belongs to them.
/// </summary>
internal sealed class EarlyStoppingMonitor<T>(EarlyStopping rule, int parameterCount, int stateCount = 0) where T : unmanaged
{
    private readonly T[] _bestWeights = new T[parameterCount];
    private readonly T[] _bestState = new T[stateCount];
    private double _bestLoss = double.PositiveInfinity;
    private int _epochsWithoutImprovement;

    public int? BestEpoch { get; private set; }

    /// <summary>Records an epoch's validation loss; true when training should stop.</summary>
    public bool ShouldStop(int epoch, double validationLoss, ReadOnlySpan<T> weights, ReadOnlySpan<T> state = default)
    {
        // The first finite loss is always an improvement; after that it must beat the best by MinDelta.
        bool improved = double.IsFinite(validationLoss)
            && (BestEpoch is null || validationLoss < _bestLoss - rule.MinDelta);
        if (improved)
        {
            _bestLoss = validationLoss;
            BestEpoch = epoch;
            _epochsWithoutImprovement = 0;
            weights.CopyTo(_bestWeights);
            state.CopyTo(_bestState);
            return false;
        }
        return ++_epochsWithoutImprovement >= rule.Patience;
    }

    /// <summary>Puts the best epoch's weights back, when the rule asks for it and there was one.</summary>
    public void RestoreBest(Span<T> weights, Span<T> state = default)
    {
        if (!rule.RestoreBestWeights || BestEpoch is null) return;
        _bestWeights.CopyTo(weights);
        _bestState.AsSpan(0, state.Length).CopyTo(state);
    }
}
