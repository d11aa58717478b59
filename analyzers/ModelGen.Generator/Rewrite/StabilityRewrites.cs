using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Check;
using ModelGen.Generator.Common;

namespace ModelGen.Generator.Rewrite;

/// <summary>
/// Rewrites unstable compositions of a validated model into their stable fused forms before the IR
/// is built. Each rewrite has a diagnostic (reported by the analyzer) that says what changed.
/// </summary>
internal static class StabilityRewrites
{
    public static ModelDefinition Apply(ModelDefinition model) => ReplaceCompositions(FoldSigmoidIntoLogitsLoss(model));

    /// <summary>
    /// A sigmoid on the last layer before binary cross-entropy on logits (MG0012) means the user meant
    /// BCE on probabilities σ(z): computing it as BCE-with-logits of z is the same loss in the stable
    /// form max(z, 0) − z·t + log1p(exp(−|z|)), instead of a loss on σ(σ(z)) that cannot saturate.
    /// </summary>
    private static ModelDefinition FoldSigmoidIntoLogitsLoss(ModelDefinition model)
    {
        GraphNode output = model.Nodes[model.OutputIndex];
        if (model.Loss != LossKind.BinaryCrossEntropyWithLogits || output.Op != NodeOp.Layer) return model;
        LayerDefinition last = model.Layers[output.Layer];
        if (last.Activation != Activation.Sigmoid) return model;
        var layers = model.Layers.Select((l, i) => i == output.Layer ? l with { Activation = Activation.Identity } : l);
        return model with { Layers = layers.ToEquatableArray() };
    }

    /// <summary>Replaces each match of <see cref="StableCompositions"/> (MG0017) by its stable form, then drops what no longer feeds the output.</summary>
    private static ModelDefinition ReplaceCompositions(ModelDefinition model)
    {
        var matches = StableCompositions.Find(model).ToDictionary(m => m.Node);
        if (matches.Count == 0) return model;
        var nodes = new List<GraphNode>();
        var map = new int[model.Nodes.Count];
        for (int i = 0; i < model.Nodes.Count; i++)
        {
            GraphNode node = model.Nodes[i];
            node = node with { Inputs = node.Inputs.Select(x => map[x]).ToEquatableArray() };
            if (!matches.TryGetValue(i, out var match)) { map[i] = Add(nodes, node); continue; }
            int x = map[match.Operand];
            int width = model.Nodes[match.Operand].Width;
            GraphNode Unary(NodeOp op, int input, int w) => new(op, new[] { input }.ToEquatableArray(), w) { Location = node.Location };
            map[i] = match.Kind switch
            {
                CompositionKind.LogOfSoftmax => Add(nodes, Unary(NodeOp.LogSoftmax, x, width) with { Temperature = model.Nodes[model.Nodes[i].Inputs[0]].Temperature }),
                CompositionKind.LogOfSigmoid => Add(nodes, Unary(NodeOp.Affine, Add(nodes, Unary(NodeOp.Activate, Add(nodes, Unary(NodeOp.Affine, x, width) with { Scale = -1 }), width) with { Activation = Activation.Softplus }), width) with { Scale = -1 }),
                CompositionKind.LogOfOneMinusSigmoid => Add(nodes, Unary(NodeOp.Affine, Add(nodes, Unary(NodeOp.Activate, x, width) with { Activation = Activation.Softplus }), width) with { Scale = -1 }),
                CompositionKind.LogOfSumOfExp => Add(nodes, Unary(NodeOp.LogSumExp, x, 1)),
                // The output becomes the logits the fused loss expects; a sequential layer keeps its place as their holder.
                CompositionKind.SoftmaxBeforeCrossEntropy => Add(nodes, Unary(NodeOp.Affine, x, width) with { Scale = 1 / Temperature(model, model.Nodes[i]), Layer = node.Op == NodeOp.Layer ? node.Layer : -1 }),
                _ => x,
            };
        }
        var (pruned, kept) = GraphPruning.Prune(nodes, map[model.Nodes.Count - 1]);
        int output = model.OutputNode < 0 ? -1 : kept.Take(map[model.OutputNode]).Count(k => k);
        return model with { Nodes = pruned, OutputNode = output };
    }

    private static double Temperature(ModelDefinition model, GraphNode node) =>
        node.Op == NodeOp.Layer ? model.Layers[node.Layer].Temperature : node.Temperature;

    private static int Add(List<GraphNode> nodes, GraphNode node)
    {
        nodes.Add(node);
        return nodes.Count - 1;
    }
}
