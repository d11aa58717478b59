using System.Collections.Generic;
using ModelGen.Generator.Check;

namespace ModelGen.Generator.IR;

/// <summary>Where a value lives: per-sample values scale with the batch; parameters do not.</summary>
internal enum ValueKind
{
    /// <summary>The model's input batch (batch × columns), owned by the runtime.</summary>
    Input,
    /// <summary>The targets of the loss (labels or target values), owned by the runtime.</summary>
    Target,
    /// <summary>A per-sample intermediate (batch × columns) placed in the activation arena.</summary>
    Activation,
    /// <summary>A trainable tensor (rows × columns) in the parameter arena.</summary>
    Parameter,
    /// <summary>The gradient of a parameter, at the same offset in the gradient arena.</summary>
    ParameterGradient,
    /// <summary>The scalar loss.</summary>
    Scalar,
    /// <summary>A non-trainable tensor kept across steps or read by the backward pass (batch-norm statistics), in the state arena.</summary>
    State,
}

/// <summary>A tensor in the graph. Batch-shaped values have <see cref="Rows"/> = -1 (the symbolic batch).</summary>
internal sealed class Value
{
    public Value(int id, string name, ValueKind kind, int rows, int columns)
    {
        Id = id; Name = name; Kind = kind; Rows = rows; Columns = columns;
    }

    public int Id { get; }
    public string Name { get; }
    public ValueKind Kind { get; }
    public int Rows { get; }
    public int Columns { get; }
    public bool IsBatchShaped => Rows < 0;
    /// <summary>For a gradient, the parameter it belongs to.</summary>
    public Value? GradientOf { get; set; }
    /// <summary>A state tensor that belongs to the model (saved with the weights), not per-step scratch.</summary>
    public bool Persistent { get; set; } = true;
    /// <summary>How a parameter or state tensor starts; null for everything else.</summary>
    public ParameterInit? Init { get; set; }
    /// <summary>Kept alive for the whole step (layer outputs users can inspect after a forward pass).</summary>
    public bool KeepAlive { get; set; }
    public override string ToString() => Name;
}

internal enum OpKind
{
    // Forward.
    MatMul,                     // out = x · W
    AddBias,                    // out = x + b (b broadcast over rows)
    Activate,                   // out = f(x)
    Loss,                       // out (scalar) = loss(logits, targets)
    // Backward.
    LossGradient,               // out = d loss / d logits
    ActivateGradient,           // out = dy ⊙ f'(x)   inputs: dy, x (pre-activation), y (output)
    ColumnSum,                  // out = Σ_rows x
    MatMulTransposeA,           // out = xᵀ · dy      (weight gradient)
    MatMulTransposeB,           // out = dy · Wᵀ      (input gradient)
    // Fused by the fusion stage.
    DenseForward,               // outputs: pre-activation z, output y = f(x · W + b)
    LossForwardBackward,        // outputs: loss, d loss / d logits in one pass
    // Layers and graph-form ops (forward).
    Normalize,                  // inputs: x, γ[, β][, running mean, running var]; outputs: y, saved statistics
    Dropout,                    // outputs: y, mask
    Softmax,                    // y = softmax(x / T) per row
    LogSoftmax,                 // y = log softmax(x / T) per row
    LogSumExp,                  // y (width 1) = log Σ exp(x) per row
    RowSum,                     // y (width 1) = Σ x per row
    Log,
    Exp,
    Add,                        // y = a + b (also the sum of two gradient contributions)
    Subtract,                   // y = a − b
    Multiply,                   // y = a ⊙ b
    Affine,                     // y = Scale·x + Shift
    Concat,                     // y = [a, b, ...] per row
    Embedding,                  // y = table[tokens]
    Attention,                  // outputs: context, probabilities; inputs: q, k, v
    // Their backward ops.
    NormalizeGradient,          // inputs: x, dy, γ, saved statistics; outputs: dx, dγ[, dβ]
    DropoutGradient,            // dx = dy ⊙ mask
    SoftmaxGradient,            // inputs: y, dy
    LogSoftmaxGradient,         // inputs: y, dy
    LogSumExpGradient,          // inputs: x, y, dy
    RowSumGradient,             // dx[r, c] = dy[r]
    LogGradient,                // inputs: x, dy
    ExpGradient,                // inputs: y, dy
    Slice,                      // dx = dy[:, ColumnOffset .. ColumnOffset + width]
    EmbeddingGradient,          // inputs: tokens, dy; output: d table
    AttentionGradient,          // inputs: q, k, v, probabilities, d context; outputs: dq, dk, dv
}

internal enum NormKind { Layer, Group, Rms, Batch }

/// <summary>
/// One operation. Inputs and outputs are values; the settings of its kind ride along. A record for
/// <c>with</c> copies (recomputation clones ops), compared by identity like the graph's values.
/// </summary>
internal sealed record Op(OpKind Kind, IReadOnlyList<Value> Inputs, IReadOnlyList<Value> Outputs)
{
    public bool Equals(Op? other) => ReferenceEquals(this, other);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
    public Value Output => Outputs[0];
    public Activation Activation { get; init; }
    public double Alpha { get; init; }
    public LossKind Loss { get; init; }
    /// <summary>Huber's δ or the label smoothing of cross-entropy.</summary>
    public double LossParameter { get; init; }
    /// <summary>The layer this op came from, for comments and error reports.</summary>
    public string Layer { get; init; } = "";
    public bool IsBackward { get; init; }
    /// <summary>Rows of the product per sample: a per-position projection of a sequence runs on batch × sequence rows.</summary>
    public int RowsPerSample { get; init; } = 1;
    public NormKind Norm { get; init; }
    public double Epsilon { get; init; }
    public double Momentum { get; init; }
    public int Groups { get; init; } = 1;
    public double Probability { get; init; }
    public double Temperature { get; init; } = 1;
    public double Scale { get; init; } = 1;
    public double Shift { get; init; }
    public int Sequence { get; init; } = 1;
    public int Heads { get; init; } = 1;
    public bool Causal { get; init; }
    public int Vocabulary { get; init; }
    /// <summary>For <see cref="OpKind.Slice"/>: the first column of the slice in the incoming gradient.</summary>
    public int ColumnOffset { get; init; }
    /// <summary>The layer's index in the model, for per-layer random streams (dropout).</summary>
    public int LayerIndex { get; init; } = -1;
    /// <summary>Recomputed in the backward pass instead of keeping its outputs (activation checkpointing).</summary>
    public bool Recompute { get; init; }
    public override string ToString() => $"{string.Join(", ", Outputs)} = {Kind}({string.Join(", ", Inputs)})";
}

/// <summary>A typed op graph with static shapes, in execution order. Mutable while the stages rewrite it.</summary>
internal sealed class Graph
{
    private readonly List<Value> _values = new();

    public IReadOnlyList<Value> Values => _values;
    public List<Op> Ops { get; } = new();
    public List<Value> Parameters { get; } = new();
    /// <summary>The scalar loss value.</summary>
    public Value? Loss { get; set; }
    /// <summary>Non-trainable tensors (batch-norm running statistics), in the state arena.</summary>
    public List<Value> States { get; } = new();
    /// <summary>The model's output (the loss reads it; prediction returns it).</summary>
    public Value? Output { get; set; }
    /// <summary>Per layer of the model, the value holding its output (null for a layer folded away).</summary>
    public Dictionary<int, Value> LayerOutputs { get; } = new();
    /// <summary>Layers marked [Checkpoint]: their forward ops, recomputed in the backward pass.</summary>
    public List<CheckpointedLayer> Checkpoints { get; } = new();

    public Value Add(string name, ValueKind kind, int rows, int columns)
    {
        var value = new Value(_values.Count, name, kind, rows, columns);
        _values.Add(value);
        if (kind == ValueKind.Parameter) Parameters.Add(value);
        if (kind == ValueKind.State) States.Add(value);
        return value;
    }
}

/// <summary>
/// How a parameter or state tensor is initialized: a named <c>ModelGen.Initializer</c> scheme with its
/// fans (and LeakyReLU slope), or a constant fill ("Ones", "Zeros", "StandardNormal").
/// </summary>
internal sealed record ParameterInit(string Scheme, int FanIn, int FanOut, double Alpha)
{
    public static readonly ParameterInit Ones = new("Ones", 0, 0, 0);
    public static readonly ParameterInit Zeros = new("Zeros", 0, 0, 0);
    public static readonly ParameterInit StandardNormal = new("StandardNormal", 0, 0, 0);
    public bool IsConstant => Scheme is "Ones" or "Zeros";
}

/// <summary>A [Checkpoint] layer: its ops carry its name; its output is kept, its intermediates are recomputed.</summary>
internal sealed record CheckpointedLayer(string Name, Value Output);
