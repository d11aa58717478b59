namespace ModelGen;

/// <summary>
/// Adam with PyTorch's defaults and semantics; weight decay is an L2 penalty added to the gradient
/// (use <see cref="AdamW"/> for decoupled decay). Two state slots: first and second moments.
/// </summary>
public sealed class Adam : Optimizer
{
    private float _beta1, _beta2, _epsilon, _weightDecay;

    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : base(learningRate)
    {
        _beta1 = HyperParameter.DecayRate(beta1, nameof(beta1));
        _beta2 = HyperParameter.DecayRate(beta2, nameof(beta2));
        _epsilon = HyperParameter.Positive(epsilon, nameof(epsilon));
        _weightDecay = HyperParameter.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>Decay of the first-moment average, in [0, 1).</summary>
    public float Beta1 { get => _beta1; set => _beta1 = HyperParameter.DecayRate(value, nameof(Beta1)); }

    /// <summary>Decay of the second-moment average, in [0, 1).</summary>
    public float Beta2 { get => _beta2; set => _beta2 = HyperParameter.DecayRate(value, nameof(Beta2)); }

    /// <summary>Added to the root of the corrected second moment, &gt; 0.</summary>
    public float Epsilon { get => _epsilon; set => _epsilon = HyperParameter.Positive(value, nameof(Epsilon)); }

    /// <summary>L2 penalty added to the gradient, &gt;= 0.</summary>
    public float WeightDecay { get => _weightDecay; set => _weightDecay = HyperParameter.NonNegative(value, nameof(WeightDecay)); }

    public override int StateSlots => AdamStep.StateSlots;

    public override unsafe void Step(float* parameters, float* gradients, float* state, int count, long step)
    {
        ValidateStep(count, step);
        AdamStep.Run(parameters, gradients, state, count, step, LearningRate, _beta1, _beta2, _epsilon, l2Decay: _weightDecay, decoupledDecay: 0);
    }

    public override unsafe void Step(double* parameters, double* gradients, double* state, int count, long step)
    {
        ValidateStep(count, step);
        AdamStep.Run(parameters, gradients, state, count, step, LearningRate, _beta1, _beta2, _epsilon, l2Decay: _weightDecay, decoupledDecay: 0);
    }
}
