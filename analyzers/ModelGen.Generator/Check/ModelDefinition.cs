using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

internal enum Activation { Identity, Sigmoid, Tanh, Relu, LeakyRelu, Gelu, GeluTanh, Silu, Softplus }

internal enum LossKind { SoftmaxCrossEntropy, MeanSquaredError, BinaryCrossEntropyWithLogits }

/// <summary>A dense layer whose sizes chain: <see cref="Inputs"/> equals the previous layer's width.</summary>
internal sealed record DenseLayer(string Name, int Inputs, int Outputs, Activation Activation, double Alpha, int Initializer);

/// <summary>A validated sequential model: input, one or more dense layers, a loss that fits the output.</summary>
internal sealed record ModelDefinition(
    TypeSpec Type,
    string InputName,
    int InputWidth,
    EquatableArray<DenseLayer> Layers,
    string LossName,
    LossKind Loss)
{
    public int OutputWidth => Layers[Layers.Count - 1].Outputs;
}

/// <summary>The validator's verdict: a definition when the model is valid, the issues otherwise.</summary>
internal sealed record ValidationResult(ModelDefinition? Definition, EquatableArray<ModelIssue> Issues);
