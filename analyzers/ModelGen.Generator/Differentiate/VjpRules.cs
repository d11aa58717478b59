using System.Collections.Generic;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Differentiate;

/// <summary>The vector-Jacobian rule of each forward op, written as IR ops appended to the graph.</summary>
internal static class VjpRules
{
    /// <summary>d loss / d logits: softmax − onehot, sigmoid − t or 2(p − t), scaled by the mean.</summary>
    public static void Loss(Graph graph, Op loss, Dictionary<Value, Value> gradients)
    {
        Value logits = loss.Inputs[0];
        Value gradient = graph.Add("d" + logits.Name, ValueKind.Activation, -1, logits.Columns);
        graph.Ops.Add(new Op(OpKind.LossGradient, loss.Inputs, new[] { gradient }) { Layer = loss.Layer, Loss = loss.Loss, IsBackward = true });
        Record(gradients, logits, gradient);
    }

    /// <summary>dx = dy ⊙ f'(x); the kernel reads x or y, whichever the activation's derivative needs.</summary>
    public static void Activate(Graph graph, Op op, Value outputGradient, Dictionary<Value, Value> gradients)
    {
        Value x = op.Inputs[0];
        Value gradient = graph.Add("d" + x.Name, ValueKind.Activation, -1, x.Columns);
        graph.Ops.Add(new Op(OpKind.ActivateGradient, new[] { outputGradient, x, op.Output }, new[] { gradient })
        {
            Layer = op.Layer, Activation = op.Activation, Alpha = op.Alpha, IsBackward = true,
        });
        Record(gradients, x, gradient);
    }

    /// <summary>The bias gradient is the column sum; the input gradient passes through unchanged.</summary>
    public static void AddBias(Graph graph, Op op, Value outputGradient, Dictionary<Value, Value> gradients)
    {
        Value bias = op.Inputs[1];
        Value biasGradient = ParameterGradient(graph, bias);
        graph.Ops.Add(new Op(OpKind.ColumnSum, new[] { outputGradient }, new[] { biasGradient }) { Layer = op.Layer, IsBackward = true });
        Record(gradients, op.Inputs[0], outputGradient);
    }

    /// <summary>dW = xᵀ·dy; dx = dy·Wᵀ only when x itself leads back to a parameter.</summary>
    public static void MatMul(Graph graph, Op op, Value outputGradient, Dictionary<Value, Value> gradients, HashSet<Value> needsGradient)
    {
        Value x = op.Inputs[0], weight = op.Inputs[1];
        Value weightGradient = ParameterGradient(graph, weight);
        graph.Ops.Add(new Op(OpKind.MatMulTransposeA, new[] { x, outputGradient }, new[] { weightGradient }) { Layer = op.Layer, IsBackward = true });
        if (!needsGradient.Contains(x)) return;
        Value inputGradient = graph.Add("d" + x.Name, ValueKind.Activation, -1, x.Columns);
        graph.Ops.Add(new Op(OpKind.MatMulTransposeB, new[] { outputGradient, weight }, new[] { inputGradient }) { Layer = op.Layer, IsBackward = true });
        Record(gradients, x, inputGradient);
    }

    private static Value ParameterGradient(Graph graph, Value parameter)
    {
        Value gradient = graph.Add("d" + parameter.Name, ValueKind.ParameterGradient, parameter.Rows, parameter.Columns);
        gradient.GradientOf = parameter;
        return gradient;
    }

    private static void Record(Dictionary<Value, Value> gradients, Value value, Value gradient)
    {
        // A sequential model uses each value once; a value with two consumers would need its
        // gradients summed, which the graph form (a later stage of the product) will add.
        if (gradients.ContainsKey(value))
            throw new System.InvalidOperationException($"'{value.Name}' has more than one consumer; gradient accumulation is not supported yet.");
        gradients[value] = gradient;
    }
}
