using System.Numerics;

namespace ModelGen;

/// <summary>
/// SGD with Nesterov momentum, PyTorch's <c>SGD(momentum=μ, nesterov=True)</c>: g' = g + wd·p;
/// v = μ·v + g'; p -= lr·(g' + μ·v). One state slot: the velocity.
/// </summary>
public sealed class Nesterov : Optimizer
{
    private float _momentum, _weightDecay;

    public Nesterov(float learningRate, float momentum = 0.9f, float weightDecay = 0f)
        : base(learningRate)
    {
        _momentum = HyperParameter.PositiveDecayRate(momentum, nameof(momentum));
        _weightDecay = HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>μ in (0, 1): Nesterov's look-ahead needs a non-zero momentum.</summary>
    public float MomentumFactor
    {
        get => _momentum;
        set => _momentum = HyperParameter.PositiveDecayRate(value, nameof(MomentumFactor));
    }

    /// <summary>L2 penalty added to the gradient, &gt;= 0.</summary>
    public float WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = HyperParameter.NonNegative(value, nameof(WeightDecay));
    }

    public override int StateSlots => 1;

    public override unsafe void Step(float* parameters, float* gradients, float* state, int count, long step)
        => Update(parameters, gradients, state, count, step);

    public override unsafe void Step(double* parameters, double* gradients, double* state, int count, long step)
        => Update(parameters, gradients, state, count, step);

    private unsafe void Update<T>(T* parameters, T* gradients, T* state, int count, long step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ValidateStep(count, step);
        MomentumStep.Run(parameters, gradients, state, count, LearningRate, _momentum, _weightDecay, nesterov: true);
    }
}
