namespace ModelGen;

/// <summary>
/// Softmax cross-entropy on the last layer's logits with integer class labels (mean over the batch).
/// The softmax is computed max-shifted, in one pass with its gradient <c>softmax − onehot</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class SoftmaxCrossEntropyAttribute : Attribute { }

/// <summary>Mean squared error against real-valued targets (mean over all outputs).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class MeanSquaredErrorAttribute : Attribute { }

/// <summary>
/// Binary cross-entropy on logits against 0/1 targets (mean over all outputs), in the stable
/// form max(x, 0) − x·t + log(1 + exp(−|x|)); one output per independent binary label.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class BinaryCrossEntropyWithLogitsAttribute : Attribute { }
