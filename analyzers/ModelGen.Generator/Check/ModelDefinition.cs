using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

internal enum Activation { Identity, Sigmoid, Tanh, Relu, LeakyRelu, Gelu, GeluTanh, Silu, Softplus }

/// <summary>The fused losses; <see cref="Expression"/> is the mean of a [Loss] method's elementwise expression.</summary>
internal enum LossKind { SoftmaxCrossEntropy, MeanSquaredError, BinaryCrossEntropyWithLogits, Huber, Expression }

internal enum LayerKind { Dense, LayerNorm, RmsNorm, BatchNorm, GroupNorm, Dropout, Softmax, Embedding, SelfAttention }

/// <summary>
/// A resolved layer: its kind, its input and output widths (values per sample), and the settings of
/// its kind (unused settings keep their defaults). An activation follows Dense and the normalizations.
/// </summary>
internal sealed record LayerDefinition(string Name, LayerKind Kind, int Inputs, int Outputs)
{
    public Activation Activation { get; init; }
    public double Alpha { get; init; }
    public int Initializer { get; init; }
    public double Epsilon { get; init; }
    public double Momentum { get; init; }
    public int Groups { get; init; } = 1;
    public double Probability { get; init; }
    public double Temperature { get; init; } = 1;
    /// <summary>Positions per sample (Embedding, SelfAttention).</summary>
    public int Sequence { get; init; } = 1;
    public int Heads { get; init; } = 1;
    public bool Causal { get; init; }
    public int Vocabulary { get; init; }
    /// <summary>Recompute the layer's intermediates in the backward pass instead of keeping them.</summary>
    public bool Checkpoint { get; init; }
    public bool HasParameters => Kind is not (LayerKind.Dropout or LayerKind.Softmax);
}

/// <summary>What a node of the model's dataflow graph computes.</summary>
internal enum NodeOp
{
    Input,
    /// <summary>The loss's targets (a [Loss] method's second parameter), as wide as the output.</summary>
    Target,
    /// <summary>A declared layer: <see cref="GraphNode.Layer"/> indexes <see cref="ModelDefinition.Layers"/>.</summary>
    Layer,
    Activate,
    Softmax,
    LogSoftmax,
    LogSumExp,
    Sum,
    Log,
    Exp,
    Add,
    Subtract,
    Multiply,
    /// <summary>y = Scale·x + Shift, for constants in the arithmetic.</summary>
    Affine,
    Concat,
}

/// <summary>One node of the resolved graph: inputs index earlier nodes; <see cref="Width"/> is values per sample.</summary>
internal sealed record GraphNode(NodeOp Op, EquatableArray<int> Inputs, int Width)
{
    public int Layer { get; init; } = -1;
    public Activation Activation { get; init; }
    public double Alpha { get; init; }
    public double Temperature { get; init; } = 1;
    public double Scale { get; init; } = 1;
    public double Shift { get; init; }
    /// <summary>Where the node was written (graph form), for diagnostics.</summary>
    public int Location { get; init; } = -1;
}

/// <summary>
/// A validated model: its input, its layers, the dataflow graph that connects them (a chain for the
/// sequential form; the [Forward] method for the graph form) ending in the output node, and the loss.
/// </summary>
internal sealed record ModelDefinition(
    TypeSpec Type,
    string InputName,
    int InputWidth,
    EquatableArray<LayerDefinition> Layers,
    EquatableArray<GraphNode> Nodes,
    string LossName,
    LossKind Loss)
{
    /// <summary>Huber's δ or cross-entropy's label smoothing ε; 0 when the loss has none.</summary>
    public double LossParameter { get; init; }
    /// <summary>The loss is a [Loss] method (no loss property to implement).</summary>
    public bool LossIsMethod { get; init; }
    /// <summary>The graph form: layers are Layer properties called from a [Forward] method.</summary>
    public bool IsGraphForm { get; init; }
    /// <summary>The input holds token ids for an Embedding layer.</summary>
    public bool InputIsTokens { get; init; }
    /// <summary>Per layer, the location of its attribute (analyzer only; -1 in the generator).</summary>
    public EquatableArray<int> LayerLocations { get; init; } = EquatableArray<int>.Empty;
    /// <summary>The node the model outputs; nodes after it are a [Loss] method's expression, the last one averaged into the loss.</summary>
    public int OutputNode { get; init; } = -1;
    public int OutputIndex => OutputNode < 0 ? Nodes.Count - 1 : OutputNode;
    public int OutputWidth => Nodes[OutputIndex].Width;

    /// <summary>The sequential chain input → layers in order.</summary>
    public static EquatableArray<GraphNode> Chain(int inputWidth, EquatableArray<LayerDefinition> layers)
    {
        var nodes = new System.Collections.Generic.List<GraphNode> { new(NodeOp.Input, EquatableArray<int>.Empty, inputWidth) };
        for (int i = 0; i < layers.Count; i++)
            nodes.Add(new GraphNode(NodeOp.Layer, new[] { nodes.Count - 1 }.ToEquatableArray(), layers[i].Outputs) { Layer = i });
        return nodes.ToEquatableArray();
    }
}

/// <summary>The validator's verdict: a definition when the model is valid, the issues otherwise.</summary>
internal sealed record ValidationResult(ModelDefinition? Definition, EquatableArray<ModelIssue> Issues);
