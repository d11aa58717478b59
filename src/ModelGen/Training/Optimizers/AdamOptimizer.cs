namespace ModelGen;

/// <summary>
/// The shared body of <see cref="Adam"/> and <see cref="AdamW"/>: bias-corrected first and second
/// moments (two state slots). They differ only in how weight decay acts: as an L2 term added to the
/// gradient (Adam) or as a decoupled shrink of the parameters before the update (AdamW).
/// </summary>
public abstract class AdamOptimizer : Optimizer
{
    private readonly bool _decoupled;
    private float _beta1, _beta2, _epsilon, _weightDecay;

    private protected AdamOptimizer(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled)
        : base(learningRate)
    {
        _decoupled = decoupled;
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

    /// <summary>Weight decay, &gt;= 0: an L2 penalty on the gradient for Adam; the shrink factor 1 - lr·weightDecay per step for AdamW.</summary>
    public float WeightDecay { get => _weightDecay; set => _weightDecay = HyperParameter.NonNegative(value, nameof(WeightDecay)); }

    public override int StateSlots => AdamStep.StateSlots;

    public override unsafe void Step(float* parameters, float* gradients, float* state, int count, long step)
    {
        ValidateStep(count, step);
        AdamStep.Run(parameters, gradients, state, count, step, LearningRate, _beta1, _beta2, _epsilon,
            l2Decay: _decoupled ? 0 : _weightDecay, decoupledDecay: _decoupled ? _weightDecay : 0);
    }

    public override unsafe void Step(double* parameters, double* gradients, double* state, int count, long step)
    {
        ValidateStep(count, step);
        AdamStep.Run(parameters, gradients, state, count, step, LearningRate, _beta1, _beta2, _epsilon,
            l2Decay: _decoupled ? 0 : _weightDecay, decoupledDecay: _decoupled ? _weightDecay : 0);
    }
}
