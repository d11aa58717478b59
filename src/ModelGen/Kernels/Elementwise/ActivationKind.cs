namespace ModelGen.Kernels;

/// <summary>Elementwise activation functions the kernels implement.</summary>
public enum ActivationKind
{
    /// <summary>f(x) = x.</summary>
    Identity,
    /// <summary>f(x) = 1/(1 + e^-x).</summary>
    Sigmoid,
    /// <summary>f(x) = tanh(x).</summary>
    Tanh,
    /// <summary>f(x) = max(x, 0); f'(0) is taken as 0.</summary>
    Relu,
    /// <summary>f(x) = x for x &gt; 0, alpha·x otherwise (alpha &gt;= 0).</summary>
    LeakyRelu,
    /// <summary>Exact GELU: f(x) = x·Φ(x) = ½x(1 + erf(x/√2)).</summary>
    Gelu,
    /// <summary>GELU's tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    GeluTanh,
    /// <summary>SiLU (swish): f(x) = x·σ(x).</summary>
    Silu,
    /// <summary>f(x) = ln(1 + e^x).</summary>
    Softplus,
}
