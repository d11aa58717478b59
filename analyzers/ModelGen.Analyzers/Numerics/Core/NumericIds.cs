namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>MG1xxx: numerical-stability rules, one per entry of the stability catalog (docs/diagnostics/README.md maps them).</summary>
internal static class NumericIds
{
    public const string LogSoftmax = "MG1001";
    public const string SoftmaxNoMax = "MG1002";
    public const string BceOnProbabilities = "MG1003";
    public const string LogOfZero = "MG1004";
    public const string DivideWithoutEpsilon = "MG1005";
    public const string Softplus = "MG1006";
    public const string TanhFromExp = "MG1007";
    public const string OnePassVariance = "MG1008";
    public const string BceGradientDivide = "MG1009";
    public const string NormalizeZero = "MG1010";
    public const string LogSumExp = "MG1011";
    public const string SigmoidExpRatio = "MG1012";
    public const string OneMinusSigmoid = "MG1013";
    public const string Log1P = "MG1014";
    public const string ExpM1 = "MG1015";
    public const string FloatAccumulation = "MG1016";
    public const string XLogX = "MG1017";
    public const string ProductUnderflow = "MG1018";
    public const string SqrtGradientAtZero = "MG1019";
    public const string FiniteDifferenceStep = "MG1020";
    public const string EpsilonConstant = "MG1021";
    public const string NaiveBclApi = "MG1022";
    public const string LogAddExp = "MG1023";
    public const string Hypot = "MG1024";
    public const string LogOfExp = "MG1025";
    public const string ExpOverflow = "MG1026";
    public const string AcosDomain = "MG1027";
    public const string Log1MExp = "MG1028";
    public const string LogGamma = "MG1029";
    public const string LogNdtr = "MG1030";
}
