using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen;

/// <summary>Stochastic gradient descent: p -= lr·(g + weightDecay·p). Keeps no state.</summary>
public sealed class Sgd : Optimizer
{
    private float _weightDecay;

    public Sgd(float learningRate, float weightDecay = 0f)
        : base(learningRate)
        => _weightDecay = HyperParameter.NonNegative(weightDecay, nameof(weightDecay));

    /// <summary>L2 penalty added to the gradient, &gt;= 0.</summary>
    public float WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = HyperParameter.NonNegative(value, nameof(WeightDecay));
    }

    public override int StateSlots => 0;

    public override unsafe void Step(float* parameters, float* gradients, float* state, int count, long step)
        => Update(parameters, gradients, count, step);

    public override unsafe void Step(double* parameters, double* gradients, double* state, int count, long step)
        => Update(parameters, gradients, count, step);

    private unsafe void Update<T>(T* parameters, T* gradients, int count, long step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ValidateStep(count, step);
        var kernel = new SgdKernel<T>
        {
            Parameters = parameters, Gradients = gradients, Count = count,
            LearningRate = T.CreateTruncating(LearningRate), WeightDecay = T.CreateTruncating(_weightDecay),
        };
        VectorKernel.Run<T, SgdKernel<T>>(ref kernel);
    }
}
