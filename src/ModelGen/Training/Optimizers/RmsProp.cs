using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen;

/// <summary>
/// RMSprop (PyTorch defaults: not centred, no momentum): s = ρ·s + (1-ρ)·g²; p -= lr·g/(√s + ε).
/// One state slot: the running mean of squared gradients. ρ is PyTorch's <c>alpha</c>.
/// </summary>
public sealed class RmsProp : Optimizer
{
    private float _rho, _epsilon;

    public RmsProp(float learningRate = 0.01f, float rho = 0.99f, float epsilon = 1e-8f)
        : base(learningRate)
    {
        _rho = HyperParameter.DecayRate(rho, nameof(rho));
        _epsilon = HyperParameter.Positive(epsilon, nameof(epsilon));
    }

    /// <summary>Decay of the squared-gradient average, in [0, 1).</summary>
    public float Rho
    {
        get => _rho;
        set => _rho = HyperParameter.DecayRate(value, nameof(Rho));
    }

    /// <summary>Added to √s, &gt; 0.</summary>
    public float Epsilon
    {
        get => _epsilon;
        set => _epsilon = HyperParameter.Positive(value, nameof(Epsilon));
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
        T rho = T.CreateTruncating(_rho);
        var kernel = new AdaptiveRateKernel<T>
        {
            Parameters = parameters, Gradients = gradients, SquareStatistic = state, Count = count,
            LearningRate = T.CreateTruncating(LearningRate), Decay = rho, Scale = T.One - rho, Epsilon = T.CreateTruncating(_epsilon),
        };
        VectorKernel.Run<T, AdaptiveRateKernel<T>>(ref kernel);
    }
}
