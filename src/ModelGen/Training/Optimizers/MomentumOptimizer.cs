using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen;

/// <summary>
/// SGD with a velocity buffer: the shared body of <see cref="Momentum"/> (heavy ball) and
/// <see cref="Nesterov"/> (look-ahead), which differ only in the step direction and in whether a
/// zero momentum is allowed. One state slot: the velocity.
/// </summary>
public abstract class MomentumOptimizer : Optimizer
{
    private readonly bool _nesterov;
    private float _momentum, _weightDecay;

    private protected MomentumOptimizer(float learningRate, float momentum, float weightDecay, bool nesterov)
        : base(learningRate)
    {
        _nesterov = nesterov;
        _momentum = ValidMomentum(momentum, nameof(momentum));
        _weightDecay = HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>μ in [0, 1) for heavy-ball momentum; in (0, 1) for Nesterov, whose look-ahead needs a non-zero momentum.</summary>
    public float MomentumFactor
    {
        get => _momentum;
        set => _momentum = ValidMomentum(value, nameof(MomentumFactor));
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

    private float ValidMomentum(float value, string name) =>
        _nesterov ? HyperParameter.PositiveDecayRate(value, name) : HyperParameter.DecayRate(value, name);

    private unsafe void Update<T>(T* parameters, T* gradients, T* velocity, int count, long step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ValidateStep(count, step);
        var kernel = new MomentumKernel<T>
        {
            Parameters = parameters, Gradients = gradients, Velocity = velocity, Count = count,
            LearningRate = T.CreateTruncating(LearningRate), Momentum = T.CreateTruncating(_momentum),
            WeightDecay = T.CreateTruncating(_weightDecay), Nesterov = _nesterov,
        };
        VectorKernel.Run<T, MomentumKernel<T>>(ref kernel);
    }
}
