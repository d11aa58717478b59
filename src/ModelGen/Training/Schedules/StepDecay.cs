namespace ModelGen;

/// <summary>PyTorch's StepLR: lr = base · gamma^⌊step / stepSize⌋.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    public StepDecay(long stepSize, double gamma = 0.1)
    {
        StepSize = OptionRange.AtLeastOne(stepSize, nameof(stepSize));
        Gamma = OptionRange.DecayFactor(gamma, nameof(gamma));
    }

    /// <summary>Updates between decays, &gt;= 1.</summary>
    public long StepSize { get; }

    /// <summary>Factor applied at each decay, in (0, 1].</summary>
    public double Gamma { get; }

    public override double LearningRate(long step, double baseLearningRate)
        => baseLearningRate * Math.Pow(Gamma, step / StepSize);
}
