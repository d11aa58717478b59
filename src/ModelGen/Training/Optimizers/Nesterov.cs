namespace ModelGen;

/// <summary>
/// SGD with Nesterov momentum, PyTorch's <c>SGD(momentum=μ, nesterov=True)</c>: g' = g + wd·p;
/// v = μ·v + g'; p -= lr·(g' + μ·v). One state slot: the velocity; μ must be in (0, 1).
/// </summary>
public sealed class Nesterov(float learningRate, float momentum = 0.9f, float weightDecay = 0f)
    : MomentumOptimizer(learningRate, momentum, weightDecay, nesterov: true);
