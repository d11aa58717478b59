namespace ModelGen;

/// <summary>
/// Layer normalization over each sample's features: (x − mean) / √(var + epsilon) · γ + β, with γ
/// starting at 1 and β at 0. Statistics are per sample, so training and evaluation behave alike.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class LayerNormAttribute(double epsilon = 1e-5) : Attribute
{
    public double Epsilon { get; } = epsilon;
}

/// <summary>Root-mean-square normalization: x / √(mean(x²) + epsilon) · γ (no centering, no β).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class RmsNormAttribute(double epsilon = 1e-6) : Attribute
{
    public double Epsilon { get; } = epsilon;
}

/// <summary>
/// Batch normalization per feature: batch statistics while training (and running averages updated
/// with <paramref name="momentum"/>, as PyTorch), the running averages in evaluation.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class BatchNormAttribute(double momentum = 0.1, double epsilon = 1e-5) : Attribute
{
    public double Momentum { get; } = momentum;
    public double Epsilon { get; } = epsilon;
}

/// <summary>Group normalization: each sample's features split into <paramref name="groups"/> contiguous groups, each normalized alone.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class GroupNormAttribute(int groups, double epsilon = 1e-5) : Attribute
{
    public int Groups { get; } = groups;
    public double Epsilon { get; } = epsilon;
}
