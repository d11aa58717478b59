using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen;

/// <summary>
/// AdaGrad (PyTorch defaults, no learning-rate decay): s += g²; p -= lr·g/(√s + ε).
/// One state slot: the running sum of squared gradients.
/// </summary>
public sealed class AdaGrad : Optimizer
{
    private float _epsilon;

    public AdaGrad(float learningRate = 0.01f, float epsilon = 1e-10f)
        : base(learningRate)
        => _epsilon = HyperParameter.Positive(epsilon, nameof(epsilon));

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
        var kernel = new AdaptiveRateKernel<T>
        {
            Parameters = parameters, Gradients = gradients, SquareStatistic = state, Count = count,
            LearningRate = T.CreateTruncating(LearningRate), Decay = T.One, Scale = T.One, Epsilon = T.CreateTruncating(_epsilon),
        };
        VectorKernel.Run<T, AdaptiveRateKernel<T>>(ref kernel);
    }
}
