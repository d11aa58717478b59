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
    public static ModelDefinition Apply(ModelDefinition model) => FoldSigmoidIntoLogitsLoss(model);

    /// <summary>
    /// A sigmoid on the last layer before binary cross-entropy on logits (MG0012) means the user meant
    /// BCE on probabilities σ(z): computing it as BCE-with-logits of z is the same loss in the stable
    /// form max(z, 0) − z·t + log1p(exp(−|z|)), instead of a loss on σ(σ(z)) that cannot saturate.
    /// </summary>
    private static ModelDefinition FoldSigmoidIntoLogitsLoss(ModelDefinition model)
    {
        DenseLayer last = model.Layers[model.Layers.Count - 1];
        if (model.Loss != LossKind.BinaryCrossEntropyWithLogits || last.Activation != Activation.Sigmoid) return model;
        var layers = model.Layers.Take(model.Layers.Count - 1).Append(last with { Activation = Activation.Identity });
        return model with { Layers = layers.ToEquatableArray() };
    }
}
