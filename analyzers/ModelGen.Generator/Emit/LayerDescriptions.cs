using ModelGen.Generator.Check;
using ModelGen.Generator.Common;

namespace ModelGen.Generator.Emit;

/// <summary>One line per layer for reports and the model's <c>Info</c>.</summary>
internal static class LayerDescriptions
{
    public static string Describe(LayerDefinition layer)
    {
        string I(int value) => CodeWriter.Literal(value);
        string L(double value) => CodeWriter.Literal(value);
        string text = layer.Kind switch
        {
            LayerKind.Dense => $"Dense({I(layer.Inputs)} -> {I(layer.Outputs)}), {layer.Activation}",
            LayerKind.LayerNorm => $"LayerNorm({I(layer.Outputs)}, eps {L(layer.Epsilon)})",
            LayerKind.RmsNorm => $"RmsNorm({I(layer.Outputs)}, eps {L(layer.Epsilon)})",
            LayerKind.BatchNorm => $"BatchNorm({I(layer.Outputs)}, momentum {L(layer.Momentum)}, eps {L(layer.Epsilon)})",
            LayerKind.GroupNorm => $"GroupNorm({I(layer.Outputs)}, {I(layer.Groups)} groups, eps {L(layer.Epsilon)})",
            LayerKind.Dropout => $"Dropout(p {L(layer.Probability)})",
            LayerKind.Softmax => $"Softmax(temperature {L(layer.Temperature)})",
            LayerKind.Embedding => $"Embedding({I(layer.Vocabulary)} tokens -> {I(layer.Outputs / layer.Sequence)}) over {I(layer.Sequence)} positions",
            _ => $"SelfAttention({I(layer.Sequence)} positions x {I(layer.Outputs / layer.Sequence)}, {I(layer.Heads)} heads{(layer.Causal ? ", causal" : "")})",
        };
        if (layer.Kind != LayerKind.Dense && layer.Activation != Activation.Identity) text += ", " + layer.Activation;
        return layer.Checkpoint ? text + ", checkpointed" : text;
    }
}
