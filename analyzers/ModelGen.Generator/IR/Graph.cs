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
}

/// <summary>One operation. Inputs and outputs are value ids; activation and loss attributes ride along.</summary>
internal sealed class Op
{
    public Op(OpKind kind, IReadOnlyList<Value> inputs, IReadOnlyList<Value> outputs)
    {
        Kind = kind; Inputs = inputs; Outputs = outputs;
    }

    public OpKind Kind { get; }
    public IReadOnlyList<Value> Inputs { get; }
    public IReadOnlyList<Value> Outputs { get; }
    public Value Output => Outputs[0];
    public Activation Activation { get; init; }
    public double Alpha { get; init; }
    public LossKind Loss { get; init; }
    /// <summary>The layer this op came from, for comments and error reports.</summary>
    public string Layer { get; init; } = "";
    public bool IsBackward { get; init; }
    public override string ToString() => $"{string.Join(", ", Outputs)} = {Kind}({string.Join(", ", Inputs)})";
}

/// <summary>A typed op graph with static shapes, in execution order. Mutable while the stages rewrite it.</summary>
internal sealed class Graph
{
    private readonly List<Value> _values = new();

    public IReadOnlyList<Value> Values => _values;
    public List<Op> Ops { get; } = new();
    public List<Value> Parameters { get; } = new();
    /// <summary>Per parameter, the layer name and role it was created for (weight or bias), for initialization.</summary>
    public Value? Loss { get; set; }

    public Value Add(string name, ValueKind kind, int rows, int columns)
    {
        var value = new Value(_values.Count, name, kind, rows, columns);
        _values.Add(value);
        if (kind == ValueKind.Parameter) Parameters.Add(value);
        return value;
    }
}
