namespace ModelGen;

/// <summary>
/// AdamW with PyTorch's defaults and semantics: decoupled weight decay p ← p·(1 - lr·weightDecay)
/// before the Adam update. Two state slots: first and second moments.
/// </summary>
public sealed class AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
    : AdamOptimizer(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true);
