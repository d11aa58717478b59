using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Check;

namespace ModelGen.Generator.IR;

/// <summary>
/// Builds the forward graph of a validated model from its dataflow nodes: each layer lowers to its
/// ops (see <see cref="LayerLowering"/>), each graph-form op to one IR op; then the loss on the output.
/// </summary>
internal static class GraphBuilder
{
    public static Graph Build(ModelDefinition model)
    {
        var graph = new Graph();
        var values = new Value[model.Nodes.Count];
        Value? targets = null;
        for (int i = 0; i < model.Nodes.Count; i++)
        {
            GraphNode node = model.Nodes[i];
            Value[] inputs = node.Inputs.Select(x => values[x]).ToArray();
            values[i] = node.Op switch
            {
                NodeOp.Input => graph.Add(model.InputName, ValueKind.Input, -1, model.InputWidth),
                NodeOp.Target => targets = graph.Add(model.LossName + ".Targets", ValueKind.Target, -1, node.Width),
                NodeOp.Layer => LayerLowering.Lower(graph, model.Layers[node.Layer], node.Layer, inputs[0]),
                _ => LowerOp(graph, node, node.Layer >= 0 ? model.Layers[node.Layer].Name : node.Op.ToString() + "." + i.ToString(CultureInfo.InvariantCulture), inputs),
            };
            if (node.Layer >= 0)
            {
                values[i].KeepAlive = true;
                graph.LayerOutputs[node.Layer] = values[i];
            }
        }

        Value output = values[model.OutputIndex];
        output.KeepAlive = true;
        graph.Output = output;
        // A [Loss] method's expression ends in the value whose mean is the loss; a fused loss reads the output and the targets.
        Value lossInput = values[values.Length - 1];
        int targetWidth = model.Loss == LossKind.SoftmaxCrossEntropy ? 1 : model.OutputWidth;
        targets ??= graph.Add(model.LossName + ".Targets", ValueKind.Target, -1, targetWidth);
        Value loss = graph.Add(model.LossName, ValueKind.Scalar, 1, 1);
        graph.Ops.Add(new Op(OpKind.Loss, new[] { lossInput, targets }, new[] { loss })
        {
            Layer = model.LossName, Loss = model.Loss, LossParameter = model.LossParameter,
        });
        graph.Loss = loss;
        return graph;
    }

    private static Value LowerOp(Graph graph, GraphNode node, string name, Value[] inputs)
    {
        Value output = graph.Add(name, ValueKind.Activation, -1, node.Width);
        OpKind kind = node.Op switch
        {
            NodeOp.Activate => OpKind.Activate,
            NodeOp.Softmax => OpKind.Softmax,
            NodeOp.LogSoftmax => OpKind.LogSoftmax,
            NodeOp.LogSumExp => OpKind.LogSumExp,
            NodeOp.Sum => OpKind.RowSum,
            NodeOp.Log => OpKind.Log,
            NodeOp.Exp => OpKind.Exp,
            NodeOp.Add => OpKind.Add,
            NodeOp.Subtract => OpKind.Subtract,
            NodeOp.Multiply => OpKind.Multiply,
            NodeOp.Affine => OpKind.Affine,
            NodeOp.Concat => OpKind.Concat,
            _ => throw new System.InvalidOperationException($"No IR op for {node.Op}."),
        };
        graph.Ops.Add(new Op(kind, inputs, new[] { output })
        {
            Layer = name, Activation = node.Activation, Alpha = node.Alpha, Temperature = node.Temperature,
            Scale = node.Scale, Shift = node.Shift,
        });
        return output;
    }
}
