namespace ModelGen;

/// <summary>
/// Adam with PyTorch's defaults and semantics; weight decay is an L2 penalty added to the gradient
/// (use <see cref="AdamW"/> for decoupled decay). Two state slots: first and second moments.
/// </summary>
public sealed class Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
    : AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false);
