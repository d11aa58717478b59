namespace ModelGen;

/// <summary>
/// Softmax cross-entropy on the last layer's logits with integer class labels (mean over the batch).
/// The softmax is computed max-shifted, in one pass with its gradient <c>softmax − onehot</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class SoftmaxCrossEntropyAttribute : Attribute
{
    /// <summary>
    /// Label smoothing ε in [0, 1): the target distribution becomes (1 − ε)·onehot + ε/K, which keeps
    /// the logits from growing without bound on separable data. 0 (the default) is plain cross-entropy.
    /// </summary>
    public double LabelSmoothing { get; set; }
}

/// <summary>Mean squared error against real-valued targets (mean over all outputs).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class MeanSquaredErrorAttribute : Attribute { }

/// <summary>
/// Binary cross-entropy on logits against 0/1 targets (mean over all outputs), in the stable
/// form max(x, 0) − x·t + log(1 + exp(−|x|)); one output per independent binary label.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class BinaryCrossEntropyWithLogitsAttribute : Attribute { }

/// <summary>
/// Huber loss against real-valued targets (mean over all outputs): ½d² for |d| &lt; δ, δ(|d| − ½δ)
/// beyond, so outliers pull with a bounded gradient. Same definition as PyTorch's HuberLoss.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class HuberAttribute(double delta = 1.0) : Attribute
{
    public double Delta { get; } = delta;
}
