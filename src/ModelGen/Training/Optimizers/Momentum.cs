namespace ModelGen;

/// <summary>
/// SGD with (heavy-ball) momentum, PyTorch's <c>SGD(momentum=μ)</c>: g' = g + wd·p; v = μ·v + g';
/// p -= lr·v. One state slot: the velocity.
/// </summary>
public sealed class Momentum(float learningRate, float momentum = 0.9f, float weightDecay = 0f)
    : MomentumOptimizer(learningRate, momentum, weightDecay, nesterov: false);
