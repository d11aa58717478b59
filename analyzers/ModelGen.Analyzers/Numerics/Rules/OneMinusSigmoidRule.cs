using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1013 (MG-ONE-MINUS-SIGMOID): 1 - σ(x) is 0 where σ rounds to 1. Not reported inside a log (MG1003),
/// as the derivative σ(1 - σ) (fine, catalog §4.3), or in p(1 - p) denominators (MG1009).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OneMinusSigmoidRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.OneMinusSigmoid;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var sub = (IBinaryOperation)context.Operation;
        if (sub.OperatorKind is not (BinaryOperatorKind.Subtract or BinaryOperatorKind.Add)) return;
        if (!Ops.IsOnePlus(sub, out var s, out bool neg) || !neg) return;
        if (!Patterns.IsSigmoid(s, context.Compilation, out var logit, out bool logitNegated)) return;
        if (Patterns.IsLogitBelowSaturation(logit, sub.Type, context.Compilation)) return;
        IOperation? consumer = Ops.Consumer(sub);
        if (consumer is IArgumentOperation { Parent: IInvocationOperation call } && Ops.IsAnyLog(call, out _)) return;
        if (consumer is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } mul
            && Ops.SameValue(mul.LeftOperand == sub ? mul.RightOperand : mul.LeftOperand, s)) return;
        // 1 - σ(x) = σ(-x), exactly.
        Rewrite? fix = logit != null && Rewrite.HasStableOverload(sub.Type)
            ? new Rewrite("Use σ(-x)", Rewrite.Stable + "Sigmoid(" + (logitNegated ? "" : "-") + Rewrite.CastTo(Ops.Strip(logit), sub.Type) + "{0})").With(Ops.Strip(logit))
            : null;
        Report(context, sub, fix);
    }
}
