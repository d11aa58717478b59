using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Check;

namespace ModelGen.Generator.Analyzers;

/// <summary>The MG model diagnostics. Each message says what is wrong and how to fix it; each ID has a docs page.</summary>
internal static class Descriptors
{
    private const string Category = "ModelGen.Model";

    public static readonly DiagnosticDescriptor SizeMismatch = Create(DiagnosticIds.SizeMismatch, "Layer sizes do not chain",
        "Layer '{0}' declares {1} inputs but '{2}' produces {3}: write [Dense({3}, {4})], or [Dense({4})] to infer the input size");
    public static readonly DiagnosticDescriptor MissingInput = Create(DiagnosticIds.MissingInput, "Model has no input",
        "Model '{0}' has no [Input]: add a property such as '[Input(64)] public partial Tensor Features {{ get; }}' before the first layer");
    public static readonly DiagnosticDescriptor MissingLoss = Create(DiagnosticIds.MissingLoss, "Model has no loss",
        "Model '{0}' has no loss: add a property such as '[SoftmaxCrossEntropy] public partial Loss Loss {{ get; }}' after the last layer");
    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Create(DiagnosticIds.LossDoesNotFitOutput, "Loss does not fit the model's output",
        "Softmax cross-entropy '{0}' needs one output per class, but '{1}' produces {2}: give the last layer at least 2 outputs, or use [BinaryCrossEntropyWithLogits] for a yes/no output");
    public static readonly DiagnosticDescriptor InvalidArgument = Create(DiagnosticIds.InvalidArgument, "Invalid layer argument",
        "'{0}': {1}");
    public static readonly DiagnosticDescriptor UnsupportedMember = Create(DiagnosticIds.UnsupportedMember, "Unsupported model member",
        "'{0}' cannot be a model member: {1}");
    public static readonly DiagnosticDescriptor UnsupportedModelType = Create(DiagnosticIds.UnsupportedModelType, "Unsupported model class",
        "Model class '{0}' {1}");
    public static readonly DiagnosticDescriptor LayerOutOfOrder = Create(DiagnosticIds.LayerOutOfOrder, "Model members out of order",
        "'{0}' {1}");
    public static readonly DiagnosticDescriptor ConflictingAttributes = Create(DiagnosticIds.ConflictingAttributes, "Conflicting layer attributes",
        "'{0}' {1}");
    public static readonly DiagnosticDescriptor LayerOutsideModel = Create(DiagnosticIds.LayerOutsideModel, "Layer attribute outside a model",
        "'{0}' has ModelGen layer attributes but '{1}' is not marked [Model]: add [Model] to the class, or remove the attributes", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor UnsafeCodeNotAllowed = Create(DiagnosticIds.UnsafeCodeNotAllowed, "Project does not allow unsafe code",
        "Model '{0}' compiles to pointer-based kernels: add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project file");
    public static readonly DiagnosticDescriptor SigmoidBeforeLogitsLoss = Create(DiagnosticIds.SigmoidBeforeLogitsLoss, "Sigmoid before a loss on logits",
        "'{0}' applies [Sigmoid] but '{1}' takes logits and applies the sigmoid itself: ModelGen computes the loss on the pre-sigmoid values in the stable logits form; remove [Sigmoid] to say so in the source", DiagnosticSeverity.Warning, "ModelGen.Stability");
    public static readonly DiagnosticDescriptor DeepSaturatingStack = Create(DiagnosticIds.DeepSaturatingStack, "Deep stack of saturating activations",
        "'{0}' is the {1}th sigmoid/tanh layer in a row: their derivatives (at most 1/4 for sigmoid) multiply, so the first layers' gradients vanish; use Relu, Gelu or Silu for hidden layers", DiagnosticSeverity.Warning, "ModelGen.Stability");
    public static readonly DiagnosticDescriptor LearningRateOutOfRange = Create(DiagnosticIds.LearningRateOutOfRange, "Learning rate far outside the optimizer's usual range",
        "Learning rate {0} is far outside the usual range {1} to {2} for {3}: {4}; start from {5}", DiagnosticSeverity.Warning, "ModelGen.Stability");
    public static readonly DiagnosticDescriptor Float16WithoutLossScaling = Create(DiagnosticIds.Float16WithoutLossScaling, "Float16 training without loss scaling",
        "Precision = StoragePrecision.Float16 without loss scaling: float16 gradients below 6e-8 flush to zero and the model stops learning; set LossScaling = LossScaling.Dynamic", DiagnosticSeverity.Warning, "ModelGen.Stability");
    public static readonly DiagnosticDescriptor UnsupportedForwardExpression = Create(DiagnosticIds.UnsupportedForwardExpression, "Forward method outside the supported vocabulary",
        "{0}");
    public static readonly DiagnosticDescriptor StableRewriteApplied = Create(DiagnosticIds.StableRewriteApplied, "Unstable composition compiled in its stable form",
        "{0} is numerically unstable: ModelGen compiles it as {1}", DiagnosticSeverity.Info, "ModelGen.Stability");
    public static readonly DiagnosticDescriptor ZeroInitialization = Create(DiagnosticIds.ZeroInitialization, "Weights initialized to a constant",
        "'{0}' starts with all-zero weights: every unit computes the same output and receives the same gradient, so they never become different; remove Init or use Initializer.HeNormal/XavierUniform", DiagnosticSeverity.Warning, "ModelGen.Stability");
    public static readonly DiagnosticDescriptor VanishingEpsilon = Create(DiagnosticIds.VanishingEpsilon, "Normalization epsilon too small to matter",
        "'{0}' uses {1} with epsilon {2}: float32 variances absorb it (it is below their rounding error) and a constant feature is divided by about √{2}, amplifying rounding noise; use 1e-5", DiagnosticSeverity.Warning, "ModelGen.Stability");
    public static readonly DiagnosticDescriptor IneffectiveCheckpoint = Create(DiagnosticIds.IneffectiveCheckpoint, "Checkpoint that does not save memory",
        "'{0}' is marked [Checkpoint], but recomputing it would not lower the training step's peak activation memory (the recomputed values need room while the backward pass holds its gradients): ModelGen keeps its values; remove [Checkpoint]", DiagnosticSeverity.Warning, "ModelGen.Performance");
    public static readonly DiagnosticDescriptor InternalError = Create("MG9999", "ModelGen internal error",
        "ModelGen could not compile model '{0}': {1}. This is a ModelGen bug: please report it with the model class.");

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        SizeMismatch, MissingInput, MissingLoss, LossDoesNotFitOutput, InvalidArgument, UnsupportedMember,
        UnsupportedModelType, LayerOutOfOrder, ConflictingAttributes, LayerOutsideModel, UnsafeCodeNotAllowed,
        SigmoidBeforeLogitsLoss, DeepSaturatingStack, LearningRateOutOfRange, Float16WithoutLossScaling, UnsupportedForwardExpression,
        StableRewriteApplied, ZeroInitialization, VanishingEpsilon, IneffectiveCheckpoint, InternalError);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new();

    public static DiagnosticDescriptor For(string id)
    {
        if (ById.Count == 0)
        {
            lock (ById)
            {
                foreach (DiagnosticDescriptor d in All) ById[d.Id] = d;
            }
        }
        return ById[id];
    }

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error, string category = Category) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: $"docs/diagnostics/{id}.md");
}
