using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Differentiate;

/// <summary>
/// The vector-Jacobian rule of each forward op, written as IR ops appended to the graph. A rule only
/// produces gradients for inputs that lead back to a parameter.
/// </summary>
internal sealed class VjpRules
{
    private readonly Graph _graph;
    private readonly HashSet<Value> _needsGradient;
    private readonly Dictionary<Value, Value> _gradients = new();

    public VjpRules(Graph graph, HashSet<Value> needsGradient)
    {
        _graph = graph;
        _needsGradient = needsGradient;
    }

    public bool TryGradient(Value value, out Value gradient) => _gradients.TryGetValue(value, out gradient!);

    /// <summary>d loss / d output: softmax − onehot, σ − t, 2(p − t) or Huber's clamp, scaled by the mean.</summary>
    public void Loss(Op loss)
    {
        Value output = loss.Inputs[0];
        Value gradient = Activation("d" + output.Name, output.Columns);
        Emit(OpKind.LossGradient, loss, loss.Inputs, gradient);
        Record(output, gradient);
    }

    public void Apply(Op op, Value dy)
    {
        switch (op.Kind)
        {
            case OpKind.MatMul: MatMul(op, dy); break;
            case OpKind.AddBias: AddBias(op, dy); break;
            case OpKind.Activate:
                Unary(op, dy, OpKind.ActivateGradient, new[] { dy, op.Inputs[0], op.Output });
                break;
            case OpKind.Softmax: Unary(op, dy, OpKind.SoftmaxGradient, new[] { op.Output, dy }); break;
            case OpKind.LogSoftmax: Unary(op, dy, OpKind.LogSoftmaxGradient, new[] { op.Output, dy }); break;
            case OpKind.LogSumExp: Unary(op, dy, OpKind.LogSumExpGradient, new[] { op.Inputs[0], op.Output, dy }); break;
            case OpKind.RowSum: Unary(op, dy, OpKind.RowSumGradient, new[] { dy }); break;
            case OpKind.Log: Unary(op, dy, OpKind.LogGradient, new[] { op.Inputs[0], dy }); break;
            case OpKind.Exp: Unary(op, dy, OpKind.ExpGradient, new[] { op.Output, dy }); break;
            case OpKind.Dropout: Unary(op, dy, OpKind.DropoutGradient, new[] { dy, op.Outputs[1] }); break;
            case OpKind.Affine:
                if (op.Scale == 1) Record(op.Inputs[0], dy);
                else Unary(op, dy, OpKind.Affine, new[] { dy }, scale: op.Scale);
                break;
            case OpKind.Add:
                Record(op.Inputs[0], dy);
                Record(op.Inputs[1], dy);
                break;
            case OpKind.Subtract:
                Record(op.Inputs[0], dy);
                if (Needs(op.Inputs[1])) Unary(op, dy, OpKind.Affine, new[] { dy }, scale: -1, input: 1);
                break;
            case OpKind.Multiply:
                if (Needs(op.Inputs[0])) Unary(op, dy, OpKind.Multiply, new[] { dy, op.Inputs[1] }, input: 0);
                if (Needs(op.Inputs[1])) Unary(op, dy, OpKind.Multiply, new[] { dy, op.Inputs[0] }, input: 1);
                break;
            case OpKind.Concat: Concat(op, dy); break;
            case OpKind.Normalize: Normalize(op, dy); break;
            case OpKind.Embedding: Embedding(op, dy); break;
            case OpKind.Attention: Attention(op, dy); break;
            default: throw new System.InvalidOperationException($"No vector-Jacobian rule for {op.Kind}.");
        }
    }

    /// <summary>The bias gradient is the column sum; the input gradient passes through unchanged.</summary>
    private void AddBias(Op op, Value dy)
    {
        Value biasGradient = ParameterGradient(op.Inputs[1]);
        Emit(OpKind.ColumnSum, op, new[] { dy }, biasGradient);
        Record(op.Inputs[0], dy);
    }

    /// <summary>dW = xᵀ·dy; dx = dy·Wᵀ only when x itself leads back to a parameter.</summary>
    private void MatMul(Op op, Value dy)
    {
        Value x = op.Inputs[0], weight = op.Inputs[1];
        Emit(OpKind.MatMulTransposeA, op, new[] { x, dy }, ParameterGradient(weight));
        if (!Needs(x)) return;
        Value dx = Activation("d" + x.Name, x.Columns);
        Emit(OpKind.MatMulTransposeB, op, new[] { dy, weight }, dx);
        Record(x, dx);
    }

    private void Unary(Op op, Value dy, OpKind kind, Value[] inputs, double scale = 1, int input = 0)
    {
        Value x = op.Inputs[input];
        if (!Needs(x)) return;
        Value dx = Activation("d" + x.Name + (op.Inputs.Count > 1 ? "." + op.Layer : ""), x.Columns);
        _graph.Ops.Add(new Op(kind, inputs, new[] { dx })
        {
            Layer = op.Layer, Activation = op.Activation, Alpha = op.Alpha, Temperature = op.Temperature, Scale = scale,
            IsBackward = true,
        });
        Record(x, dx);
    }

    private void Concat(Op op, Value dy)
    {
        int offset = 0;
        foreach (Value part in op.Inputs)
        {
            if (Needs(part))
            {
                Value dx = Activation("d" + part.Name + "." + op.Layer, part.Columns);
                _graph.Ops.Add(new Op(OpKind.Slice, new[] { dy }, new[] { dx }) { Layer = op.Layer, ColumnOffset = offset, IsBackward = true });
                Record(part, dx);
            }
            offset += part.Columns;
        }
    }

    /// <summary>One kernel gives dx, dγ and dβ from the saved statistics.</summary>
    private void Normalize(Op op, Value dy)
    {
        Value x = op.Inputs[0], gamma = op.Inputs[1];
        Value dx = Activation("d" + x.Name, x.Columns);
        var outputs = new List<Value> { dx, ParameterGradient(gamma) };
        if (op.Norm != NormKind.Rms) outputs.Add(ParameterGradient(op.Inputs[2]));
        Value[] saved = op.Norm switch
        {
            NormKind.Batch => new[] { op.Inputs[5], op.Inputs[6] },
            NormKind.Rms => new[] { op.Outputs[1] },
            _ => new[] { op.Outputs[1], op.Outputs[2] },
        };
        _graph.Ops.Add(new Op(OpKind.NormalizeGradient, new[] { x, dy, gamma }.Concat(saved).ToArray(), outputs)
        {
            Layer = op.Layer, Norm = op.Norm, Groups = op.Groups, IsBackward = true,
        });
        if (Needs(x)) Record(x, dx);
    }

    private void Embedding(Op op, Value dy)
    {
        _graph.Ops.Add(new Op(OpKind.EmbeddingGradient, new[] { op.Inputs[0], dy }, new[] { ParameterGradient(op.Inputs[1]) })
        {
            Layer = op.Layer, Sequence = op.Sequence, Vocabulary = op.Vocabulary, IsBackward = true,
        });
    }

    private void Attention(Op op, Value dy)
    {
        Value q = op.Inputs[0], k = op.Inputs[1], v = op.Inputs[2];
        Value dq = Activation("d" + q.Name, q.Columns), dk = Activation("d" + k.Name, k.Columns), dv = Activation("d" + v.Name, v.Columns);
        _graph.Ops.Add(new Op(OpKind.AttentionGradient, new[] { q, k, v, op.Outputs[1], dy }, new[] { dq, dk, dv })
        {
            Layer = op.Layer, Sequence = op.Sequence, Heads = op.Heads, Causal = op.Causal, IsBackward = true,
        });
        Record(q, dq);
        Record(k, dk);
        Record(v, dv);
    }

    private void Emit(OpKind kind, Op source, IReadOnlyList<Value> inputs, Value output)
    {
        _graph.Ops.Add(new Op(kind, inputs, new[] { output })
        {
            Layer = source.Layer, Loss = source.Loss, LossParameter = source.LossParameter, RowsPerSample = source.RowsPerSample, IsBackward = true,
        });
    }

    private bool Needs(Value value) => _needsGradient.Contains(value);

    private Value Activation(string name, int columns) => _graph.Add(name, ValueKind.Activation, -1, columns);

    private Value ParameterGradient(Value parameter)
    {
        Value gradient = _graph.Add("d" + parameter.Name, ValueKind.ParameterGradient, parameter.Rows, parameter.Columns);
        gradient.GradientOf = parameter;
        return gradient;
    }

    /// <summary>A value read by several ops gets the sum of their gradient contributions.</summary>
    private void Record(Value value, Value gradient)
    {
        if (!Needs(value)) return;
        if (!_gradients.TryGetValue(value, out Value? earlier))
        {
            _gradients[value] = gradient;
            return;
        }
        Value sum = Activation("d" + value.Name + ".Sum" + _graph.Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), value.Columns);
        _graph.Ops.Add(new Op(OpKind.Add, new[] { earlier, gradient }, new[] { sum }) { Layer = value.Name, IsBackward = true });
        _gradients[value] = sum;
    }
}
