namespace ModelGen.Runtime;

/// <summary>
/// Mixup on the loaded batch: mixing inputs and targets with a partner row, and the two-label loss
/// for integer class labels. The buffers are sized once per Fit, so a step allocates nothing.
/// </summary>
public abstract unsafe partial class NetworkBase<T>
{
    private T[] _unmixedInputs = [], _unmixedTargets = [], _firstLabelGradients = [];
    private int[] _partnerLabels = [], _mixupPartners = [];

    /// <summary>Sizes the mixup buffers for batches up to <see cref="Capacity"/>.</summary>
    internal void PrepareMixup()
    {
        int batch = Capacity;
        if (_mixupPartners.Length >= batch) return;
        _unmixedInputs = new T[batch * Info.InputWidth];
        _unmixedTargets = new T[batch * Info.OutputWidth];
        _partnerLabels = new int[batch];
        _mixupPartners = new int[batch];
        if (Info.Loss == LossKind.SoftmaxCrossEntropy)
            _firstLabelGradients = GC.AllocateArray<T>(Info.ParameterCount, pinned: true);
    }

    /// <summary>Draws λ ~ Beta(α, α) and a random partner for each row from the network's random stream, and mixes the loaded batch.</summary>
    internal double MixBatch(int batch, double alpha)
    {
        double lambda = BetaSampler.Symmetric(Rng, alpha);
        Span<int> partners = _mixupPartners.AsSpan(0, batch);
        for (int i = 0; i < batch; i++) partners[i] = i;
        Rng.Shuffle(partners);
        MixBatch(batch, lambda, partners);
        return lambda;
    }

    /// <summary>
    /// Replaces row i of the loaded inputs by λ·x_i + (1 − λ)·x_partner(i), and likewise the targets of
    /// a target-trained model; for integer labels, remembers y_partner(i) for <see cref="ComputeMixedLoss"/>.
    /// </summary>
    internal void MixBatch(int batch, double lambda, ReadOnlySpan<int> partners)
    {
        if (_mixupPartners.Length < batch) PrepareMixup();
        T own = T.CreateTruncating(lambda), other = T.CreateTruncating(1 - lambda);
        MixRows(Inputs, _unmixedInputs, Info.InputWidth, batch, own, other, partners);
        if (Info.Loss == LossKind.SoftmaxCrossEntropy)
        {
            for (int i = 0; i < batch; i++) _partnerLabels[i] = Labels[partners[i]];
        }
        else
        {
            MixRows(Targets, _unmixedTargets, Info.OutputWidth, batch, own, other, partners);
        }
    }

    private static void MixRows(T* rows, T[] unmixed, int width, int batch, T own, T other, ReadOnlySpan<int> partners)
    {
        // The partners are read from a copy: row i may be overwritten before it is some later row's partner.
        new Span<T>(rows, batch * width).CopyTo(unmixed);
        for (int i = 0; i < batch; i++)
        {
            T* row = rows + i * width;
            int partner = partners[i] * width;
            for (int c = 0; c < width; c++) row[c] = own * row[c] + other * unmixed[partner + c];
        }
    }

    /// <summary>
    /// The mixup loss on a batch mixed by <see cref="MixBatch(int, double, ReadOnlySpan{int})"/>: for
    /// targets, the plain loss on the mixed targets; for integer labels, λ·L(y_i) + (1 − λ)·L(y_partner(i)),
    /// computed as two passes on the same mixed inputs (one per label set) whose gradients are
    /// combined with the same weights. <paramref name="correct"/> counts against the rows' own labels.
    /// </summary>
    internal T ComputeMixedLoss(int batch, double lambda, bool gradients, out int correct)
    {
        T first = ComputeLoss(batch, gradients, out correct);
        if (Info.Loss != LossKind.SoftmaxCrossEntropy) return first;
        if (gradients) _gradients.CopyTo(_firstLabelGradients, 0);
        SwapLabels(batch);
        T second;
        try { second = ComputeLoss(batch, gradients, out _); }
        finally { SwapLabels(batch); }
        T own = T.CreateTruncating(lambda), other = T.CreateTruncating(1 - lambda);
        if (gradients)
        {
            Span<T> combined = _gradients;
            for (int i = 0; i < combined.Length; i++) combined[i] = own * _firstLabelGradients[i] + other * combined[i];
        }
        return own * first + other * second;
    }

    private void SwapLabels(int batch)
    {
        for (int i = 0; i < batch; i++) (Labels[i], _partnerLabels[i]) = (_partnerLabels[i], Labels[i]);
    }
}
