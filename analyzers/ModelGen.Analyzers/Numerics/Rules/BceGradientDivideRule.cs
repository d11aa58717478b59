using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1009 (MG-BCE-GRAD-DIV): (p - y) / (p(1 - p)) and (T - O) / (O·O - O): ∞ once the sigmoid saturates.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BceGradientDivideRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.BceGradientDivide;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var div = (IBinaryOperation)context.Operation;
        if (div.OperatorKind != BinaryOperatorKind.Divide) return;
        // A subnormal guard (+ double.Epsilon) does not keep 1/(p(1-p)) finite.
        IOperation den = Ops.Strip(div.RightOperand);
        if (Ops.IsBinary(den, BinaryOperatorKind.Add, out var inner, out var eps) && Ops.Constant(eps) is double c && c > 0 && c < 1e-300) den = Ops.Strip(inner);
        if ((IsPTimesOneMinusP(den) || IsPSquaredMinusP(den)) && !Patterns.IsProvablyPositive(den, context.Compilation)) Report(context, div, null);
    }

    private static bool IsPTimesOneMinusP(IOperation op)
    {
        if (!Ops.IsBinary(op, BinaryOperatorKind.Multiply, out var l, out var r)) return false;
        return (Ops.IsOnePlus(r, out var t, out bool n) && n && Ops.SameValue(t, l))
            || (Ops.IsOnePlus(l, out t, out n) && n && Ops.SameValue(t, r));
    }

    private static bool IsPSquaredMinusP(IOperation op)
    {
        if (!Ops.IsBinary(op, BinaryOperatorKind.Subtract, out var l, out var r)) return false;
        return (Ops.IsSquare(l, out var p) && Ops.SameValue(p, r)) || (Ops.IsSquare(r, out p) && Ops.SameValue(p, l));
    }
}
