using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Spec;
using static ModelGen.Generator.Check.ModelValidator;

namespace ModelGen.Generator.Check;

/// <summary>
/// A resolved [Loss] method: the fused loss it compiles to, its parameter (label smoothing or Huber's
/// δ), and the factor the output is scaled by first (1/T for <c>Softmax(output, T)</c>).
/// </summary>
internal sealed record LossMethodDefinition(string Name, LossKind Loss, double Parameter, double OutputScale, int Location)
{
    /// <summary>For <see cref="LossKind.Expression"/>: the method's nodes and the node under <c>Mean</c>.</summary>
    public ForwardSpec? Body { get; init; }
    public int MeanOf { get; init; } = -1;
    /// <summary>The method returns −Mean(...).</summary>
    public bool Negated { get; init; }
}

/// <summary>
/// Resolves a [Loss] method. Its body is one loss function applied to the output (or to its
/// probabilities) and the target; a loss on probabilities is compiled as the same loss on logits,
/// which never takes the log of a probability rounded to 0 or 1, and reported (MG0017).
/// </summary>
internal static class LossMethodResolver
{
    private const string Vocabulary = "a [Loss] method returns one loss of ModelGen.Ops applied to its parameters (CrossEntropy(Softmax(output), target), SoftmaxCrossEntropy(output, target), BinaryCrossEntropy(Sigmoid(output), target), BinaryCrossEntropyWithLogits(output, target), MeanSquaredError(output, target), Huber(output, target, delta)), or Mean(...) of an elementwise expression of output and target";

    public static LossMethodDefinition? Resolve(ModelSpec spec, List<ModelIssue> issues)
    {
        ForwardSpec method = spec.LossMethods[0];
        bool ok = true;
        void Fail(int location, string reason) { issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedForwardExpression, location, reason)); ok = false; }

        foreach (ForwardSpec other in spec.LossMethods.Skip(1))
            Fail(other.Location, $"'{other.MethodName}' is a second [Loss] method: a model has one loss");
        if (!method.HasExpectedSignature)
            Fail(method.Location, $"'{method.MethodName}' must be an instance method 'Tensor {method.MethodName}(Tensor output, Tensor target)'");
        foreach (ExpressionNode unsupported in method.Nodes.Where(n => n.Kind == ExpressionKind.Unsupported))
            Fail(unsupported.Location, unsupported.Name);
        if (!ok || method.Result < 0) return null;

        var nodes = method.Nodes;
        ExpressionNode result = nodes[method.Result];
        bool IsParameter(int node, int ordinal) => nodes[node].Kind == ExpressionKind.Parameter && nodes[node].Value == ordinal;
        double? Constant(int index) => index < result.Arguments.Count && nodes[result.Arguments[index]].Kind == ExpressionKind.Constant ? nodes[result.Arguments[index]].Value : null;

        if (result.Kind == ExpressionKind.Function && result.Name == "Mean" && result.Arguments.Count == 1)
            return new LossMethodDefinition(method.MethodName, LossKind.Expression, 0, 1, method.Location) { Body = method, MeanOf = result.Arguments[0] };
        if (result.Kind == ExpressionKind.Negate && nodes[result.Arguments[0]] is { Kind: ExpressionKind.Function, Name: "Mean" } mean && mean.Arguments.Count == 1)
            return new LossMethodDefinition(method.MethodName, LossKind.Expression, 0, 1, method.Location) { Body = method, MeanOf = mean.Arguments[0], Negated = true };
        if (result.Kind != ExpressionKind.Function || result.Arguments.Count < 2)
        {
            Fail(result.Location, Vocabulary);
            return null;
        }
        if (!IsParameter(result.Arguments[1], 1))
        {
            Fail(result.Location, $"{result.Name} compares with the method's second parameter, the target: pass it unchanged");
            return null;
        }

        ExpressionNode prediction = nodes[result.Arguments[0]];
        bool onOutput = IsParameter(result.Arguments[0], 0);
        bool onFunctionOfOutput(string function) => prediction.Kind == ExpressionKind.Function && prediction.Name == function
            && prediction.Arguments.Count >= 1 && IsParameter(prediction.Arguments[0], 0);
        double parameter = Constant(2) ?? 0;
        switch (result.Name)
        {
            case "CrossEntropy" when onFunctionOfOutput("Softmax"):
                double temperature = prediction.Arguments.Count > 1 && nodes[prediction.Arguments[1]].Kind == ExpressionKind.Constant ? nodes[prediction.Arguments[1]].Value : 1;
                if (!(temperature > 0 && temperature <= 1e6)) { Fail(prediction.Location, $"Softmax needs a positive, finite temperature, not {Format(temperature)}"); return null; }
                issues.Add(ModelIssue.Create(DiagnosticIds.StableRewriteApplied, result.Location, "CrossEntropy(Softmax(output), target)",
                    "the fused, max-shifted softmax cross-entropy of the logits output / T, which never takes the log of a probability rounded to 0"));
                return Smoothed(LossKind.SoftmaxCrossEntropy, parameter, 1 / temperature);
            case "CrossEntropy":
                Fail(result.Location, "CrossEntropy takes probabilities, and the output is not one: write CrossEntropy(Softmax(output), target), or SoftmaxCrossEntropy(output, target) for logits");
                return null;
            case "SoftmaxCrossEntropy" when onOutput:
                return Smoothed(LossKind.SoftmaxCrossEntropy, parameter, 1);
            case "BinaryCrossEntropy" when onFunctionOfOutput("Sigmoid"):
                issues.Add(ModelIssue.Create(DiagnosticIds.StableRewriteApplied, result.Location, "BinaryCrossEntropy(Sigmoid(output), target)",
                    "the binary cross-entropy of the logits in the stable form max(x, 0) − x·t + log1p(exp(−|x|))"));
                return new LossMethodDefinition(method.MethodName, LossKind.BinaryCrossEntropyWithLogits, 0, 1, method.Location);
            case "BinaryCrossEntropy":
                Fail(result.Location, "BinaryCrossEntropy takes probabilities, and the output is not one: write BinaryCrossEntropy(Sigmoid(output), target), or BinaryCrossEntropyWithLogits(output, target)");
                return null;
            case "BinaryCrossEntropyWithLogits" when onOutput:
                return new LossMethodDefinition(method.MethodName, LossKind.BinaryCrossEntropyWithLogits, 0, 1, method.Location);
            case "MeanSquaredError" when onOutput:
                return new LossMethodDefinition(method.MethodName, LossKind.MeanSquaredError, 0, 1, method.Location);
            case "Huber" when onOutput:
                double delta = Constant(2) ?? 1;
                if (!(delta > 0 && delta <= double.MaxValue)) { Fail(result.Location, $"Huber needs a positive, finite delta, not {Format(delta)}"); return null; }
                return new LossMethodDefinition(method.MethodName, LossKind.Huber, delta, 1, method.Location);
            default:
                Fail(prediction.Location, $"{result.Name} is applied to the method's first parameter, the output, as it is: {Vocabulary}");
                return null;
        }

        LossMethodDefinition? Smoothed(LossKind loss, double smoothing, double scale)
        {
            if (!(smoothing >= 0 && smoothing < 1)) { Fail(result.Location, $"label smoothing needs a value in [0, 1), not {Format(smoothing)}"); return null; }
            return new LossMethodDefinition(method.MethodName, loss, smoothing, scale, method.Location);
        }
    }
}
