using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen;

/// <summary>
/// SGD with (heavy-ball) momentum, PyTorch's <c>SGD(momentum=μ)</c>: g' = g + wd·p; v = μ·v + g';
/// p -= lr·v. One state slot: the velocity.
/// </summary>
public sealed class Momentum : Optimizer
{
    private float _momentum, _weightDecay;

    public Momentum(float learningRate, float momentum = 0.9f, float weightDecay = 0f)
        : base(learningRate)
    {
        _momentum = HyperParameter.DecayRate(momentum, nameof(momentum));
        _weightDecay = HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>μ in [0, 1).</summary>
    public float MomentumFactor
    {
        get => _momentum;
        set => _momentum = HyperParameter.DecayRate(value, nameof(MomentumFactor));
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
        MomentumStep.Run(parameters, gradients, state, count, LearningRate, _momentum, _weightDecay, nesterov: false);
    }
}

/// <summary>Shared by <see cref="Momentum"/> and <see cref="Nesterov"/>.</summary>
internal static class MomentumStep
{
    public static unsafe void Run<T>(T* parameters, T* gradients, T* velocity, int count,
        float learningRate, float momentum, float weightDecay, bool nesterov)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernel = new MomentumKernel<T>
        {
            Parameters = parameters, Gradients = gradients, Velocity = velocity, Count = count,
            LearningRate = T.CreateTruncating(learningRate), Momentum = T.CreateTruncating(momentum),
            WeightDecay = T.CreateTruncating(weightDecay), Nesterov = nesterov,
        };
        VectorKernel.Run<T, MomentumKernel<T>>(ref kernel);
    }
}
