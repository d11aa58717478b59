using ModelGen.Generator.Check;

namespace ModelGen.Generator.IR;

/// <summary>Builds the forward graph of a validated sequential model: matmul, bias, activation per layer, then the loss.</summary>
internal static class GraphBuilder
{
    public static Graph Build(ModelDefinition model)
    {
        var graph = new Graph();
        Value x = graph.Add(model.InputName, ValueKind.Input, -1, model.InputWidth);
        foreach (DenseLayer layer in model.Layers)
        {
            Value weight = graph.Add(layer.Name + ".Weight", ValueKind.Parameter, layer.Inputs, layer.Outputs);
            Value bias = graph.Add(layer.Name + ".Bias", ValueKind.Parameter, 1, layer.Outputs);
            Value product = graph.Add(layer.Name + ".Product", ValueKind.Activation, -1, layer.Outputs);
            graph.Ops.Add(new Op(OpKind.MatMul, new[] { x, weight }, new[] { product }) { Layer = layer.Name });
            bool linear = layer.Activation == Activation.Identity;
            Value preActivation = graph.Add(linear ? layer.Name : layer.Name + ".PreActivation", ValueKind.Activation, -1, layer.Outputs);
            graph.Ops.Add(new Op(OpKind.AddBias, new[] { product, bias }, new[] { preActivation }) { Layer = layer.Name });
            Value output = preActivation;
            if (!linear)
            {
                output = graph.Add(layer.Name, ValueKind.Activation, -1, layer.Outputs);
                graph.Ops.Add(new Op(OpKind.Activate, new[] { preActivation }, new[] { output })
                {
                    Layer = layer.Name, Activation = layer.Activation, Alpha = layer.Alpha,
                });
            }
            output.KeepAlive = true;
            x = output;
        }

        Value targets = graph.Add(model.LossName + ".Targets", ValueKind.Target, -1, model.Loss == LossKind.SoftmaxCrossEntropy ? 1 : model.OutputWidth);
        Value loss = graph.Add(model.LossName, ValueKind.Scalar, 1, 1);
        graph.Ops.Add(new Op(OpKind.Loss, new[] { x, targets }, new[] { loss }) { Layer = model.LossName, Loss = model.Loss });
        graph.Loss = loss;
        return graph;
    }
}
