using System.Collections.Generic;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

/// <summary>Metadata names of the runtime types the parser looks for.</summary>
internal static class KnownNames
{
    public const string ModelAttribute = "ModelGen.ModelAttribute";
    public const string Tensor = "ModelGen.Tensor";
    public const string Loss = "ModelGen.Loss";
    public const string Layer = "ModelGen.Layer";
    public const string ForwardAttribute = "ModelGen.ForwardAttribute";
    public const string LossAttribute = "ModelGen.LossAttribute";
    public const string Ops = "ModelGen.Ops";

    public static readonly IReadOnlyDictionary<string, AttributeKind> LayerAttributes = new Dictionary<string, AttributeKind>
    {
        ["ModelGen.InputAttribute"] = AttributeKind.Input,
        ["ModelGen.DenseAttribute"] = AttributeKind.Dense,
        ["ModelGen.SigmoidAttribute"] = AttributeKind.Sigmoid,
        ["ModelGen.TanhAttribute"] = AttributeKind.Tanh,
        ["ModelGen.ReluAttribute"] = AttributeKind.Relu,
        ["ModelGen.LeakyReluAttribute"] = AttributeKind.LeakyRelu,
        ["ModelGen.GeluAttribute"] = AttributeKind.Gelu,
        ["ModelGen.SiluAttribute"] = AttributeKind.Silu,
        ["ModelGen.SoftplusAttribute"] = AttributeKind.Softplus,
        ["ModelGen.SoftmaxCrossEntropyAttribute"] = AttributeKind.SoftmaxCrossEntropy,
        ["ModelGen.MeanSquaredErrorAttribute"] = AttributeKind.MeanSquaredError,
        ["ModelGen.BinaryCrossEntropyWithLogitsAttribute"] = AttributeKind.BinaryCrossEntropyWithLogits,
        ["ModelGen.HuberAttribute"] = AttributeKind.Huber,
        ["ModelGen.LayerNormAttribute"] = AttributeKind.LayerNorm,
        ["ModelGen.RmsNormAttribute"] = AttributeKind.RmsNorm,
        ["ModelGen.BatchNormAttribute"] = AttributeKind.BatchNorm,
        ["ModelGen.GroupNormAttribute"] = AttributeKind.GroupNorm,
        ["ModelGen.DropoutAttribute"] = AttributeKind.Dropout,
        ["ModelGen.SoftmaxAttribute"] = AttributeKind.Softmax,
        ["ModelGen.EmbeddingAttribute"] = AttributeKind.Embedding,
        ["ModelGen.SelfAttentionAttribute"] = AttributeKind.SelfAttention,
        ["ModelGen.CheckpointAttribute"] = AttributeKind.Checkpoint,
    };
}
