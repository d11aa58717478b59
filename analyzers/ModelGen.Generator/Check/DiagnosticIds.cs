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
}
