using System.Collections.Generic;
using ModelGen.Generator.Common;

namespace ModelGen.Generator.Check;

/// <summary>An unstable composition in a model's graph and the stable form it is compiled to.</summary>
internal enum CompositionKind
{
    /// <summary>Log(Softmax(x)) → LogSoftmax(x).</summary>
    LogOfSoftmax,
    /// <summary>Log(Sigmoid(x)) → −Softplus(−x).</summary>
    LogOfSigmoid,
    /// <summary>Log(1 − Sigmoid(x)) → −Softplus(x).</summary>
    LogOfOneMinusSigmoid,
    /// <summary>Log(Sum(Exp(x))) → LogSumExp(x).</summary>
    LogOfSumOfExp,
    /// <summary>A softmax output under softmax cross-entropy: the loss takes the logits x / T.</summary>
    SoftmaxBeforeCrossEntropy,
    /// <summary>A sigmoid output under binary cross-entropy on logits: the loss takes x.</summary>
    SigmoidBeforeBinaryCrossEntropy,
}

/// <summary>
/// Finds unstable compositions. The validator reports each (MG0017, an info with the stable form);
/// the rewrite stage replaces it. One matcher for both keeps the report and the code in step.
/// </summary>
internal static class StableCompositions
{
    public readonly record struct Match(CompositionKind Kind, int Node, int Operand);

    public static List<Match> Find(ModelDefinition model)
    {
        var matches = new List<Match>();
        EquatableArray<GraphNode> nodes = model.Nodes;
        for (int i = 0; i < nodes.Count; i++)
        {
            GraphNode node = nodes[i];
            if (node.Op != NodeOp.Log) continue;
            GraphNode inner = nodes[node.Inputs[0]];
            if (inner.Op == NodeOp.Softmax) matches.Add(new Match(CompositionKind.LogOfSoftmax, i, inner.Inputs[0]));
            else if (IsSigmoid(inner)) matches.Add(new Match(CompositionKind.LogOfSigmoid, i, inner.Inputs[0]));
            else if (inner.Op == NodeOp.Affine && inner.Scale == -1 && inner.Shift == 1 && IsSigmoid(nodes[inner.Inputs[0]]))
                matches.Add(new Match(CompositionKind.LogOfOneMinusSigmoid, i, nodes[inner.Inputs[0]].Inputs[0]));
            else if (inner.Op == NodeOp.Sum && nodes[inner.Inputs[0]].Op == NodeOp.Exp)
                matches.Add(new Match(CompositionKind.LogOfSumOfExp, i, nodes[inner.Inputs[0]].Inputs[0]));
        }
        int last = model.OutputIndex;
        GraphNode output = nodes[last];
        if (model.Loss == LossKind.SoftmaxCrossEntropy && OutputSoftmax(model, output))
            matches.Add(new Match(CompositionKind.SoftmaxBeforeCrossEntropy, last, output.Inputs[0]));
        if (model.IsGraphForm && model.Loss == LossKind.BinaryCrossEntropyWithLogits && IsSigmoid(output))
            matches.Add(new Match(CompositionKind.SigmoidBeforeBinaryCrossEntropy, last, output.Inputs[0]));
        return matches;
    }

    public static void Report(ModelDefinition model, List<ModelIssue> issues)
    {
        foreach (Match match in Find(model))
        {
            GraphNode node = model.Nodes[match.Node];
            int location = node.Location;
            if (location < 0 && node.Layer >= 0) location = LayerLocation(model, node);
            (string written, string compiled) = match.Kind switch
            {
                CompositionKind.LogOfSoftmax => ("Log(Softmax(x))", "LogSoftmax(x) = x − logsumexp(x), which never takes the log of a probability rounded to 0"),
                CompositionKind.LogOfSigmoid => ("Log(Sigmoid(x))", "−Softplus(−x), finite for every x (the naive form is −∞ below x ≈ −88 in float)"),
                CompositionKind.LogOfOneMinusSigmoid => ("Log(1 − Sigmoid(x))", "−Softplus(x), finite for every x (the naive form is −∞ above x ≈ 17 in float)"),
                CompositionKind.LogOfSumOfExp => ("Log(Sum(Exp(x)))", "LogSumExp(x), max-shifted so it cannot overflow"),
                CompositionKind.SoftmaxBeforeCrossEntropy => ("a softmax output under [SoftmaxCrossEntropy]", "the cross-entropy of the logits x / T in the fused, max-shifted form; the output holds x / T and PredictProbabilities gives the probabilities"),
                _ => ("a sigmoid output under [BinaryCrossEntropyWithLogits]", "the binary cross-entropy of the logits in the stable form; the output holds the logits"),
            };
            issues.Add(ModelIssue.Create(DiagnosticIds.StableRewriteApplied, location, written, compiled));
        }
    }

    private static int LayerLocation(ModelDefinition model, GraphNode node) => model.LayerLocations.Count > node.Layer ? model.LayerLocations[node.Layer] : -1;

    private static bool OutputSoftmax(ModelDefinition model, GraphNode output) =>
        output.Op == NodeOp.Softmax || (output.Op == NodeOp.Layer && model.Layers[output.Layer].Kind == LayerKind.Softmax);

    private static bool IsSigmoid(GraphNode node) => node.Op == NodeOp.Activate && node.Activation == Activation.Sigmoid;
}
