namespace ModelGen;

/// <summary>Applies the logistic sigmoid after the layer.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class SigmoidAttribute : Attribute { }

/// <summary>Applies tanh after the layer.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class TanhAttribute : Attribute { }

/// <summary>Applies max(x, 0) after the layer.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class ReluAttribute : Attribute { }

/// <summary>Applies max(x, alpha·x) after the layer; alpha in [0, 1).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class LeakyReluAttribute(double alpha = 0.01) : Attribute
{
    public double Alpha { get; } = alpha;
}

/// <summary>Which form of GELU a layer uses.</summary>
public enum GeluApproximation
{
    /// <summary>The exact form 0.5·x·(1 + erf(x/√2)).</summary>
    None = 0,
    /// <summary>The tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    Tanh = 1,
}

/// <summary>Applies GELU after the layer (exact by default).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class GeluAttribute(GeluApproximation approximation = GeluApproximation.None) : Attribute
{
    public GeluApproximation Approximation { get; } = approximation;
}

/// <summary>Applies SiLU (swish), x·sigmoid(x), after the layer.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class SiluAttribute : Attribute { }

/// <summary>Applies softplus, log(1 + exp(x)) in its stable form, after the layer.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class SoftplusAttribute : Attribute { }
