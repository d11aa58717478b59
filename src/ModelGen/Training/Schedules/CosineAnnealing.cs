namespace ModelGen;

/// <summary>
/// PyTorch's CosineAnnealingLR (its closed form, without restarts):
/// lr = minLr + (base − minLr)·(1 + cos(π·step / tMax)) / 2. Past tMax the cosine climbs back up,
/// as PyTorch's does; pick tMax = the total number of updates to end at minLr.
/// </summary>
public sealed class CosineAnnealing : LearningRateSchedule
{
    public CosineAnnealing(long tMax, double minLr = 0)
    {
        TMax = OptionRange.AtLeastOne(tMax, nameof(tMax));
        MinLr = OptionRange.NonNegative(minLr, nameof(minLr));
    }

    /// <summary>Updates from the base rate down to <see cref="MinLr"/>, &gt;= 1.</summary>
    public long TMax { get; }

    /// <summary>The lowest rate, &gt;= 0.</summary>
    public double MinLr { get; }

    public override double LearningRate(long step, double baseLearningRate)
        => Cosine((double)step / TMax, baseLearningRate, MinLr);
}
