using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1001 (MG-LOG-SOFTMAX): log of a softmax probability (from a *Softmax* helper, a field it filled,
/// or an inline exp/sum), and in loss methods the log of an unclamped probability named like one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogSoftmaxRule : LogRule
{
    private static readonly string[] ProbabilityNames = { "prob", "probs", "probability", "probabilities", "p", "yhat", "y_hat", "output", "outputs", "pred", "preds", "predicted", "prediction", "predictions", "softmax", "q" };

    private protected override DiagnosticDescriptor Rule => NumericDescriptors.LogSoftmax;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape == LogShape.LogSoftmax) { Report(context, log, InlineFix(log)); return; }
        if (triage.Shape != LogShape.Plain) return;
        IOperation arg = triage.Operand!;
        // `Math.Log(p + 1e-9)` on a softmax output: no NaN, but the loss is off by hundreds of nats (catalog §5.4).
        if (Ops.IsBinary(arg, BinaryOperatorKind.Add, out var l, out var r) && Ops.Constant(r) is double c && c > 0 && c <= 1e-4
            && Patterns.IsSoftmaxProbability(l, context.Compilation))
        {
            Report(context, log, null);
            return;
        }
        if (LossMethods.IsLossMethod(context.ContainingSymbol) && Patterns.NameLooksLike(arg, ProbabilityNames)
            && !Patterns.IsProvablyPositive(arg, context.Compilation) && !Patterns.IsGuarded(arg, log)
            && !LogOfSigmoidRule.IsBcePair(log, arg, context.Compilation) && !XLogXRule.IsXLogX(log))
            Report(context, log, null);
    }

    /// <summary>
    /// Log(Softmax(z)[k]) with z a local or parameter array of the log's element type: log softmax(z)_k = z[k] - LSE(z), exactly.
    /// </summary>
    private static Rewrite? InlineFix(IInvocationOperation log)
    {
        if (!IsNaturalLog(log) || Ops.Strip(log.Arguments[0].Value) is not IArrayElementReferenceOperation { Indices.Length: 1 } element) return null;
        if (Ops.Strip(element.ArrayReference) is not IInvocationOperation { Arguments.Length: 1 } softmax || Helpers.KindOf(softmax.TargetMethod.Name) != HelperKind.Softmax) return null;
        IOperation z = Ops.Strip(softmax.Arguments[0].Value);
        if (z is not (ILocalReferenceOperation or IParameterReferenceOperation) || z.Type is not IArrayTypeSymbol array
            || !SymbolEqualityComparer.Default.Equals(array.ElementType, log.Type) || Ops.TypeKeyword(log.Type) == null) return null;
        return new Rewrite("Use z[k] - StableMath.LogSumExp(z)", "({0}[{1}] - " + Rewrite.Stable + "LogSumExp<" + Ops.TypeKeyword(log.Type) + ">({0}))").With(z).With(Ops.Strip(element.Indices[0]));
    }
}
