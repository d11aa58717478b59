namespace ModelGen;

/// <summary>
/// A learning rate as a closed-form function of the optimizer step, as PyTorch's schedulers compute
/// it when stepped once per batch. Fit sets <see cref="Optimizer.LearningRate"/> from it before each
/// update; <c>step</c> is the number of updates already taken (0 for the first).
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The rate for update number <paramref name="step"/> + 1, given the rate the optimizer started with.</summary>
    public abstract double LearningRate(long step, double baseLearningRate);

    /// <summary>Half a cosine from 1 down to 0 as <paramref name="progress"/> goes from 0 to 1, scaled between the two rates.</summary>
    protected static double Cosine(double progress, double baseLearningRate, double minLearningRate)
        => minLearningRate + (baseLearningRate - minLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2;
}
