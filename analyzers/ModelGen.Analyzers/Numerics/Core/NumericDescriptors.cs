using Microsoft.CodeAnalysis;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>
/// The MG1xxx descriptors. Warning: the naive form returns ∞, NaN or a wrong value for reachable inputs.
/// Info: only precision suffers (the result keeps its absolute accuracy). Each message names what fails and where.
/// </summary>
internal static class NumericDescriptors
{
    private const string Category = "ModelGen.Numerics";

    public static readonly DiagnosticDescriptor LogSoftmax = Warn(NumericIds.LogSoftmax, "Log of a softmax probability",
        "log of a softmax output is -∞ once a logit is ~745 (double) or ~104 (float) below the max: compute log-softmax from the logits (LogSumExp(z) - z[k])");
    public static readonly DiagnosticDescriptor SoftmaxNoMax = Warn(NumericIds.SoftmaxNoMax, "Softmax without max subtraction",
        "softmax without subtracting the max is ∞/∞ = NaN for logits above 709.8 (double), 88.7 (float) or 11.1 (Half): subtract max(x) before Exp, or call StableMath.Softmax");
    public static readonly DiagnosticDescriptor BceOnProbabilities = Warn(NumericIds.BceOnProbabilities, "Log of a sigmoid probability",
        "{0} on a sigmoid probability is -∞ once the logit passes ±36.7 (double) or ±16.6 (float): use {1} on the logit");
    public static readonly DiagnosticDescriptor LogOfZero = Warn(NumericIds.LogOfZero, "Log of a value that can be zero",
        "'{0}' can be 0 or negative here: Log gives -∞ or NaN and the loss/gradient becomes ∞/NaN; keep the value in the log domain or clamp it with Math.Max(x, tiny)");
    public static readonly DiagnosticDescriptor DivideWithoutEpsilon = Warn(NumericIds.DivideWithoutEpsilon, "Division by a standard deviation without epsilon",
        "dividing by '{0}' gives NaN/∞ when the variance is 0 (constant feature, batch of one): add an epsilon inside the square root or guard with Math.Max");
    public static readonly DiagnosticDescriptor Softplus = Warn(NumericIds.Softplus, "Softplus written as log(1 + exp(x))",
        "log(1 + exp(x)) is ∞ for x > 709.8 (double) / 88.7 (float) and 0 for x < -36.7 / -16.6: use StableMath.Softplus(x)");
    public static readonly DiagnosticDescriptor TanhFromExp = Warn(NumericIds.TanhFromExp, "Tanh written with exponentials",
        "tanh written with exponentials is NaN for |x| > 354.9 (double) / 44.4 (float) and loses all digits near 0: use Tanh(x)");
    public static readonly DiagnosticDescriptor OnePassVariance = Warn(NumericIds.OnePassVariance, "One-pass variance E[x²] - E[x]²",
        "E[x²] - E[x]² cancels catastrophically when |mean| ≫ std and can be negative (NaN after Sqrt): use Welford/two-pass (StableMath.MeanVariance)");
    public static readonly DiagnosticDescriptor BceGradientDivide = Warn(NumericIds.BceGradientDivide, "Gradient divides by p(1 - p)",
        "dividing by p(1 - p) is ∞ (and NaN after the chain rule) once the sigmoid saturates (|x| > 36.7 double, 16.6 float): fuse loss and activation, dL/dx = sigmoid(x) - y");
    public static readonly DiagnosticDescriptor NormalizeZero = Warn(NumericIds.NormalizeZero, "Division by a norm without a zero guard",
        "dividing by the norm '{0}' gives 0/0 = NaN for a zero vector: use Math.Max(norm, eps) (StableMath.Normalize / CosineSimilarity)");
    public static readonly DiagnosticDescriptor LogSumExp = Warn(NumericIds.LogSumExp, "Log-sum-exp without max shift",
        "log(Σ exp(x)) is ∞ for any x above 709.8 (double) / 88.7 (float) and -∞ when all x are below -745: use StableMath.LogSumExp");
    public static readonly DiagnosticDescriptor SigmoidExpRatio = Warn(NumericIds.SigmoidExpRatio, "Sigmoid written as exp(x) / (1 + exp(x))",
        "exp(x) / (1 + exp(x)) is ∞/∞ = NaN for x > 709.8 (double) / 88.7 (float): use StableMath.Sigmoid");
    public static readonly DiagnosticDescriptor OneMinusSigmoid = Info(NumericIds.OneMinusSigmoid, "1 - sigmoid(x)",
        "1 - sigmoid(x) is 0 for x > 36.7 (double) / 16.6 (float) where the true value is exp(-x): use sigmoid(-x)");
    public static readonly DiagnosticDescriptor Log1P = Info(NumericIds.Log1P, "log(1 + x) for small x",
        "log(1 + x) loses all digits for |x| < 1.1e-16 (double) / 6e-8 (float) and has relative error ε/|x| above: use StableMath.Log1P(x)");
    public static readonly DiagnosticDescriptor ExpM1 = Warn(NumericIds.ExpM1, "exp(x) - 1 for small x",
        "exp(x) - 1 is 0 for |x| < 1.1e-16 (double) and has relative error ε/|x| near 0, which {0} amplifies: use StableMath.ExpM1(x)");
    public static readonly DiagnosticDescriptor FloatAccumulation = Info(NumericIds.FloatAccumulation, "Long accumulation in float or Half",
        "accumulating into {0} '{1}' in a loop loses the small terms once the sum is large ({2}): accumulate in {3}");
    public static readonly DiagnosticDescriptor XLogX = Warn(NumericIds.XLogX, "x·log(x) at x = 0",
        "'{0}' is 0·(-∞) = NaN at {1} = 0, where the limit is 0: use StableMath.XLogY or guard x == 0");
    public static readonly DiagnosticDescriptor ProductUnderflow = Warn(NumericIds.ProductUnderflow, "Log of a product of probabilities",
        "the product '{0}' underflows to 0 after a few hundred factors (double) / ~50 (float), so its log is -∞: sum the logs instead");
    public static readonly DiagnosticDescriptor SqrtGradientAtZero = Warn(NumericIds.SqrtGradientAtZero, "Gradient of sqrt or norm at zero",
        "this gradient divides by '{0}', which is ∞ at 0 and NaN after multiplying by a zero upstream gradient: return the subgradient 0 when it is 0");
    public static readonly DiagnosticDescriptor FiniteDifferenceStep = Warn(NumericIds.FiniteDifferenceStep, "Finite difference with a bad step",
        "finite-difference step {0} is far below the optimum for {1} (≈{2}): rounding error ε·|f|/h dominates");
    public static readonly DiagnosticDescriptor EpsilonConstant = Warn(NumericIds.EpsilonConstant, "Wrong epsilon constant",
        "{0}");
    public static readonly DiagnosticDescriptor NaiveBclApi = Warn(NumericIds.NaiveBclApi, "Naive BCL or helper implementation",
        "'{0}' is implemented naively ({1}): use {2}");
    public static readonly DiagnosticDescriptor LogAddExp = Warn(NumericIds.LogAddExp, "log(exp(a) + exp(b))",
        "log(exp(a) + exp(b)) is ∞ for a or b above 709.8 (double) / 88.7 (float) and -∞ below -745: use StableMath.LogAddExp(a, b)");
    public static readonly DiagnosticDescriptor Hypot = Info(NumericIds.Hypot, "Euclidean norm by sqrt of squares",
        "sqrt(x² + y²) in {0} overflows for |x| > {1} and underflows for tiny inputs: use {2}.Hypot");
    public static readonly DiagnosticDescriptor LogOfExp = Warn(NumericIds.LogOfExp, "Log of an exponential or density",
        "the log of '{0}' goes through exp, which underflows to 0 (log = -∞) for exponents below -745 (double) / -104 (float): compute in the log domain");
    public static readonly DiagnosticDescriptor ExpOverflow = Warn(NumericIds.ExpOverflow, "Ratio or product of exponentials",
        "{0} overflows to ∞/∞ = NaN for exponents above 709.8 (double) / 88.7 (float) although the result is moderate: {1}");
    public static readonly DiagnosticDescriptor AcosDomain = Warn(NumericIds.AcosDomain, "Acos/Asin of a computed cosine",
        "a computed cosine can round to just above 1, where {0} is NaN: clamp it to [-1, 1]");
    public static readonly DiagnosticDescriptor Log1MExp = Warn(NumericIds.Log1MExp, "log(1 - exp(x))",
        "log(1 - exp(x)) is -∞ for x near 0 (x = -1e-20) and 0 for x < -36.7: use StableMath.Log1MExp(x)");
    public static readonly DiagnosticDescriptor LogGamma = Warn(NumericIds.LogGamma, "Log of a gamma function or factorial",
        "'{0}' overflows for arguments above 171 (double), so its log is ∞: use StableMath.LogGamma");
    public static readonly DiagnosticDescriptor LogNdtr = Warn(NumericIds.LogNdtr, "Log of a normal CDF",
        "log Φ(x) through 1 + erf(x/√2) or a CDF is -∞ for x < -8.3: use StableMath.LogNdtr(x)");

    private static DiagnosticDescriptor Warn(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Info(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: $"docs/diagnostics/{id}.md");
}
