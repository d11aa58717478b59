using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1015 (MG-EXPM1): exp(x) - 1 and 1 - exp(-x) near 0. Only where the relative error matters:
/// divided, logged (inverse softplus), or returned by a helper named like expm1. Added or scaled
/// (ELU/SELU) it keeps its absolute accuracy and is not reported (catalog §4.4).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExpM1Rule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.ExpM1;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var op = (IBinaryOperation)context.Operation;
        IOperation x;
        bool complement = false;
        if (Ops.IsExpMinusOne(op, out x)) { }
        else if (Ops.IsOnePlus(op, out var term, out bool neg) && neg && op.OperatorKind == BinaryOperatorKind.Subtract && Ops.IsExp(term, out x)) complement = true;
        else return;
        // A branch already taken only for large |x| (if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1) is the stable large-x path.
        if (Patterns.IsGuarded(x, op)) return;
        string? context_ = Harmful(op, context.ContainingSymbol, context.Compilation);
        if (context_ == null) return;
        x = Ops.Strip(x);
        Rewrite? fix = Rewrite.HasStableOverload(op.Type)
            ? new Rewrite("Use StableMath.ExpM1", (complement ? "-" : "") + Rewrite.Stable + "ExpM1(" + Rewrite.CastTo(x, op.Type) + "{0})").With(x)
            : null;
        Report(context, op, fix, context_);
    }

    /// <summary>Why the cancellation matters here, or null when the value is only added or scaled.</summary>
    private static string? Harmful(IOperation op, ISymbol? owner, Compilation compilation)
    {
        IOperation? consumer = Ops.Consumer(op);
        if (consumer is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide }) return "the division";
        if (consumer is IArgumentOperation { Parent: IInvocationOperation call } && Ops.IsAnyLog(call, out _))
            return LogTriage.Of(call, compilation).Shape == LogShape.Log1MExp ? null : "the log";
        if (consumer is IReturnOperation && Helpers.KindOf(Patterns.EnclosingMethodName(owner)) == HelperKind.Expm1) return "a helper named like expm1";
        return null;
    }
}
