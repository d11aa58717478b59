namespace ModelGen;

/// <summary>PyTorch's ExponentialLR: lr = base · gamma^step.</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    public ExponentialDecay(double gamma) => Gamma = OptionRange.DecayFactor(gamma, nameof(gamma));

    /// <summary>Factor applied every update, in (0, 1].</summary>
    public double Gamma { get; }

    public override double LearningRate(long step, double baseLearningRate)
        => baseLearningRate * Math.Pow(Gamma, step);
}
