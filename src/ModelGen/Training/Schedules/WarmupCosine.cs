namespace ModelGen;

/// <summary>
/// Linear warmup then cosine decay, the closed form of Hugging Face's
/// get_cosine_schedule_with_warmup with a floor: lr = base · step / warmupSteps while
/// step &lt; warmupSteps, then minLr + (base − minLr)·(1 + cos(π·p)) / 2 with
/// p = (step − warmupSteps) / (totalSteps − warmupSteps), held at minLr after totalSteps.
/// Warmup keeps the first updates small while adaptive optimizers' moment estimates are still noisy.
/// </summary>
public sealed class WarmupCosine : LearningRateSchedule
{
    public WarmupCosine(long warmupSteps, long totalSteps, double minLr = 0)
    {
        WarmupSteps = OptionRange.NonNegative(warmupSteps, nameof(warmupSteps));
        TotalSteps = OptionRange.AtLeastOne(totalSteps, nameof(totalSteps));
        if (totalSteps <= warmupSteps)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps must be in [{warmupSteps + 1}, {long.MaxValue}] (more than warmupSteps = {warmupSteps}); got {totalSteps}.");
        MinLr = OptionRange.NonNegative(minLr, nameof(minLr));
    }

    /// <summary>Updates spent ramping up from 0 to the base rate, &gt;= 0.</summary>
    public long WarmupSteps { get; }

    /// <summary>Updates until the rate reaches <see cref="MinLr"/>, &gt; <see cref="WarmupSteps"/>.</summary>
    public long TotalSteps { get; }

    /// <summary>The rate after the decay, &gt;= 0.</summary>
    public double MinLr { get; }

    public override double LearningRate(long step, double baseLearningRate)
    {
        if (step < WarmupSteps) return baseLearningRate * step / WarmupSteps;
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));
        return Cosine(progress, baseLearningRate, MinLr);
    }
}
