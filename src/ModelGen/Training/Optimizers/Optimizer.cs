namespace ModelGen;

/// <summary>
/// Updates parameters from their gradients, with PyTorch's update rules and default
/// hyper-parameters. The parameters of a whole model live in one contiguous arena, so a step is one
/// fused vectorized pass over it.
/// </summary>
public abstract class Optimizer
{
    private float _learningRate;

    protected Optimizer(float learningRate)
        => _learningRate = HyperParameter.NonNegative(learningRate, nameof(learningRate));

    /// <summary>Step size, &gt;= 0. May change between steps (learning-rate schedules).</summary>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = HyperParameter.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>
    /// Number of per-parameter state arrays the optimizer keeps (0 for plain SGD). The caller owns
    /// the state: StateSlots·count elements, slot k at state + k·count, zeroed before the first step.
    /// </summary>
    public abstract int StateSlots { get; }

    /// <summary>
    /// Applies update number <paramref name="step"/> (1-based) to <paramref name="count"/> parameters.
    /// Gradients are read, not modified. <paramref name="state"/> may be null when StateSlots is 0.
    /// </summary>
    public abstract unsafe void Step(float* parameters, float* gradients, float* state, int count, long step);

    /// <inheritdoc cref="Step(float*, float*, float*, int, long)"/>
    public abstract unsafe void Step(double* parameters, double* gradients, double* state, int count, long step);

    protected static void ValidateStep(int count, long step)
    {
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        if (step < 1)
            throw new ArgumentOutOfRangeException(nameof(step), step, "step is 1-based and must be >= 1.");
    }
}
