namespace ModelGen;

/// <summary>
/// Marks a partial class as a ModelGen model. Its <c>partial</c> properties, in declaration order,
/// describe a sequential network: one <see cref="InputAttribute"/>, then layers, then a loss. With a
/// <see cref="ForwardAttribute"/> method, the layers are <see cref="Layer"/> properties and the
/// method's body says how they connect (residual additions, branches, concatenation).
/// The build generates the training and inference code.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelAttribute : Attribute { }

/// <summary>The model's input: a row of <paramref name="features"/> values per sample.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class InputAttribute(int features) : Attribute
{
    public int Features { get; } = features;
}

/// <summary>How a layer's weights are initialized. <see cref="Default"/> picks by activation.</summary>
public enum Initializer
{
    /// <summary>He (Kaiming) normal for the ReLU family, Xavier uniform for sigmoid, tanh and linear layers.</summary>
    Default = 0,
    HeNormal = 1,
    HeUniform = 2,
    XavierNormal = 3,
    XavierUniform = 4,
    LeCunNormal = 5,
    /// <summary>All zeros. Every unit of the layer then computes the same thing and gets the same gradient: analyzers warn (MG0017).</summary>
    Zeros = 6,
}

/// <summary>
/// A fully connected layer with bias: <c>y = x·W + b</c>. <c>[Dense(outputs)]</c> infers the input
/// size from the previous layer; <c>[Dense(inputs, outputs)]</c> states it and is checked.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class DenseAttribute : Attribute
{
    public DenseAttribute(int outputs) { Outputs = outputs; }
    public DenseAttribute(int inputs, int outputs) { Inputs = inputs; Outputs = outputs; }
    public int Inputs { get; }
    public int Outputs { get; }
    /// <summary>Weight initialization; the default depends on the layer's activation.</summary>
    public Initializer Init { get; set; }
}
