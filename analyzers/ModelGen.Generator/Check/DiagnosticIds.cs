namespace ModelGen.Generator.Check;

/// <summary>
/// Diagnostic IDs, shared by the validator, the analyzer and (later) the code fixes.
/// MG0xxx: model definition errors. Each has a page docs/diagnostics/MGxxxx.md.
/// </summary>
internal static class DiagnosticIds
{
    public const string SizeMismatch = "MG0001";
    public const string MissingInput = "MG0002";
    public const string MissingLoss = "MG0003";
    public const string LossDoesNotFitOutput = "MG0004";
    public const string InvalidArgument = "MG0005";
    public const string UnsupportedMember = "MG0006";
    public const string UnsupportedModelType = "MG0007";
    public const string LayerOutOfOrder = "MG0008";
    public const string ConflictingAttributes = "MG0009";
    public const string LayerOutsideModel = "MG0010";
    public const string UnsafeCodeNotAllowed = "MG0011";
    public const string SigmoidBeforeLogitsLoss = "MG0012";
    public const string DeepSaturatingStack = "MG0013";
    public const string LearningRateOutOfRange = "MG0014";
    public const string Float16WithoutLossScaling = "MG0015";
    public const string UnsupportedForwardExpression = "MG0016";
    public const string StableRewriteApplied = "MG0017";
    public const string ZeroInitialization = "MG0018";
    public const string VanishingEpsilon = "MG0019";
    public const string IneffectiveCheckpoint = "MG0020";

    /// <summary>Findings that do not stop generation: the model compiles (after a stable rewrite, for MG0012 and MG0017).</summary>
    public static bool IsWarning(string id) => id is SigmoidBeforeLogitsLoss or DeepSaturatingStack or LearningRateOutOfRange
        or Float16WithoutLossScaling or StableRewriteApplied or ZeroInitialization or VanishingEpsilon or IneffectiveCheckpoint;
}
