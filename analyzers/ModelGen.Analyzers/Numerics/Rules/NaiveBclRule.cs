using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1022 (MG-NET-NAIVE-BCL): .NET's double/float LogP1, ExpM1 and relatives (naive in .NET 10),
/// TensorPrimitives.SoftMax/Norm/CosineSimilarity/LogP1/ExpM1, and user helpers whose stable-sounding
/// name hides a naive body. Half's versions are accurate and not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NaiveBclRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.NaiveBclApi;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Invocation);

    /// <summary>The element keyword of a span/array first parameter (double for ReadOnlySpan&lt;double&gt;).</summary>
    private static string? SpanElement(IMethodSymbol method) =>
        method.Parameters.Length > 0 && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } span ? Ops.TypeKeyword(span.TypeArguments[0])
        : method.Parameters.Length > 0 && method.Parameters[0].Type is IArrayTypeSymbol array ? Ops.TypeKeyword(array.ElementType) : null;

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var call = (IInvocationOperation)context.Operation;
        IMethodSymbol m = call.TargetMethod;
        string type = m.ContainingType?.Name ?? "";
        if ((type is "Double" or "Single") && m.ContainingNamespace?.ToDisplayString() == "System" && call.Arguments.Length == 1)
        {
            string? fix = m.Name switch
            {
                "LogP1" => "Log1P({0})",
                "ExpM1" => "ExpM1({0})",
                "Log2P1" => type == "Double" ? "Log1P({0}) * 1.4426950408889634" : "Log1P({0}) * 1.44269504f",
                "Log10P1" => type == "Double" ? "Log1P({0}) * 0.43429448190325182" : "Log1P({0}) * 0.434294482f",
                "Exp2M1" => type == "Double" ? "ExpM1({0} * 0.69314718055994531)" : "ExpM1({0} * 0.693147181f)",
                "Exp10M1" => type == "Double" ? "ExpM1({0} * 2.3025850929940457)" : "ExpM1({0} * 2.30258509f)",
                _ => null,
            };
            if (fix == null) return;
            string what = m.Name.Contains("P1") ? "log(x + 1) with cancellation" : "exp(x) - 1 with cancellation";
            Report(context, call, new Rewrite("Use StableMath", Rewrite.Stable + fix).With(call.Arguments[0].Value),
                (type == "Double" ? "double." : "float.") + m.Name, what, "StableMath." + (fix.StartsWith("Log") ? "Log1P" : "ExpM1"));
            return;
        }
        if (type == "TensorPrimitives" && m.ContainingNamespace?.ToDisplayString() == "System.Numerics.Tensors")
        {
            switch (m.Name)
            {
                case "SoftMax" when call.Arguments.Length == 2 && SpanElement(m) is string softmaxType:
                    Report(context, call, new Rewrite("Use StableMath.Softmax", Rewrite.Stable + "Softmax<" + softmaxType + ">({0}, {1})").With(call.Arguments[0].Value).With(call.Arguments[1].Value),
                        "TensorPrimitives.SoftMax", "no max subtraction: NaN for logits above 709.8 (double) / 88.7 (float)", "StableMath.Softmax");
                    return;
                case "Norm" when call.Arguments.Length == 1 && Ops.TypeKeyword(call.Type) is string normType:
                    Report(context, call, new Rewrite("Use StableMath.Norm", Rewrite.Stable + "Norm<" + normType + ">({0})").With(call.Arguments[0].Value),
                        "TensorPrimitives.Norm", "unscaled sum of squares: ∞ for float elements above 1.8e19", "StableMath.Norm");
                    return;
                case "CosineSimilarity" when call.Arguments.Length == 2 && Ops.TypeKeyword(call.Type) is string cosType:
                    string eps = Rewrite.Literal(call.Type, 1e-8, 1e-3);
                    Report(context, call, new Rewrite("Use StableMath.CosineSimilarity", Rewrite.Stable + "CosineSimilarity<" + cosType + ">({0}, {1}, " + eps + ")").With(call.Arguments[0].Value).With(call.Arguments[1].Value),
                        "TensorPrimitives.CosineSimilarity", "0/0 = NaN for a zero vector", "StableMath.CosineSimilarity");
                    return;
                case "LogP1" or "ExpM1" or "Log2P1" or "Log10P1" or "Exp2M1" or "Exp10M1":
                    Report(context, call, null, "TensorPrimitives." + m.Name, "the same naive formula as double." + m.Name, "a loop over StableMath." + (m.Name.Contains("P1") ? "Log1P" : "ExpM1"));
                    return;
            }
            return;
        }
        HelperKind kind = Helpers.KindOf(m.Name);
        if (kind is HelperKind.None or HelperKind.Sigmoid || !Helpers.IsUserSourceMethod(m)) return;
        if (SymbolEqualityComparer.Default.Equals(context.ContainingSymbol, m)) return;           // recursion inside the helper itself
        if (!SourceCode.For(context.Compilation).IsNaiveHelper(m)) return;
        string? stable = kind switch
        {
            HelperKind.Log1p => "Log1P", HelperKind.Expm1 => "ExpM1", HelperKind.Softplus => "Softplus", HelperKind.LogSigmoid => "LogSigmoid",
            HelperKind.Hypot => "Hypot", HelperKind.LogSumExp => "LogSumExp", _ => null,
        };
        Rewrite? rewrite = null;
        if (stable != null && call.Arguments.Length is 1 or 2 && Rewrite.MathClass(call.Type) != null)
        {
            // LogSumExp is generic over spans: name T so an array argument converts in every language version.
            string typeArgument = stable == "LogSumExp" ? "<" + Ops.TypeKeyword(call.Type) + ">" : "";
            rewrite = new Rewrite("Use StableMath." + stable, Rewrite.Stable + stable + typeArgument + (call.Arguments.Length == 1 ? "({0})" : "({0}, {1})"));
            foreach (var a in call.Arguments) rewrite.With(a.Value);
        }
        Report(context, call, rewrite, m.Name, "its body uses the naive formula", "StableMath." + (stable ?? "Softmax"));
    }
}
