using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1004 (MG-LOG-ZERO): Log of a value that can be 0 or negative. The riskiest rule for false
/// positives, so (as the catalog asks) it only looks inside loss/likelihood/entropy code and accepts
/// positive literals, exps, clamps, "+ eps", squares plus a constant, and explicit guards.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogOfZeroRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.LogOfZero;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.Plain || !LossMethods.IsLossMethod(context.ContainingSymbol)) return;
        IOperation arg = triage.Operand!;
        if (Ops.KindOf(arg.Type) is FloatKind.Integer or FloatKind.Other) return;
        if (Patterns.IsProvablyPositive(arg, context.Compilation) || Patterns.IsGuarded(arg, log)) return;
        if (Ops.IsBinary(arg, BinaryOperatorKind.Add, out _, out var r) && Ops.Constant(r) is > 0) return;   // + eps
        if (LogOfSigmoidRule.IsBcePair(log, arg, context.Compilation) || XLogXRule.IsXLogX(log)) return;    // owned by MG1003 / MG1017
        if (Patterns.NameLooksLike(arg, "prob", "probs", "probability", "probabilities", "p", "yhat", "y_hat", "output", "outputs", "pred", "preds", "predicted", "prediction", "predictions", "softmax", "q"))
            return;                                                                                          // MG1001 reports these
        string? max = Ops.KindOf(arg.Type) is FloatKind.Double or FloatKind.Single && Rewrite.Callee(log) != null ? "global::System.Math.Max" : null;
        Rewrite? fix = max != null
            ? new Rewrite("Clamp the argument away from zero", "{0}(" + max + "({1}, " + Rewrite.Literal(arg.Type, 1e-12, 1e-4) + "))")
                .With(Rewrite.Callee(log)!).With(arg)
            : null;
        Report(context, log, fix, arg.Syntax.ToString());
    }
}
