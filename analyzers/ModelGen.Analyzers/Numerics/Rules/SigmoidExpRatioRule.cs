using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1012 (MG-SIGMOID-EXPRATIO): exp(x)/(1 + exp(x)) and the 2-way softmax exp(a)/(exp(a) + exp(b)).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SigmoidExpRatioRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.SigmoidExpRatio;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var div = (IBinaryOperation)context.Operation;
        if (div.OperatorKind != BinaryOperatorKind.Divide) return;
        if (!Ops.IsExp(div.LeftOperand, out var x))
        {
            // x * e / (1 + e) with e = Exp(x) in a local: SiLU written through the ratio form.
            if (IsScaledLocalExpRatio(div, context.Compilation)) Report(context, div, null);
            return;
        }
        x = Ops.Strip(x);
        // The stable two-branch sigmoid uses this form only for x < 0: `x >= 0 ? 1/(1+Exp(-x)) : Exp(x)/(1+Exp(x))`.
        if (Patterns.IsGuarded(x, div) || Patterns.IsShiftedExponent(x, context.Compilation)) return;
        IOperation den = Ops.Strip(div.RightOperand);
        Rewrite? fix = null;
        if (Ops.IsOnePlus(den, out var t, out bool neg) && !neg && Ops.IsExp(t, out var x2) && Ops.SameValue(x, x2))
        {
            fix = Rewrite.HasStableOverload(div.Type) ? new Rewrite("Use StableMath.Sigmoid", Rewrite.Stable + "Sigmoid(" + Rewrite.CastTo(x, div.Type) + "{0})").With(x) : null;
        }
        else if (Ops.IsBinary(den, BinaryOperatorKind.Add, out var l, out var r) && Ops.IsExp(l, out var a) && Ops.IsExp(r, out var b))
        {
            IOperation other = Ops.SameValue(a, x) ? Ops.Strip(b) : Ops.SameValue(b, x) ? Ops.Strip(a) : null!;
            if (other == null) return;
            fix = Rewrite.HasStableOverload(div.Type) ? new Rewrite("Use StableMath.Sigmoid(a - b)", Rewrite.Stable + "Sigmoid(" + Rewrite.CastTo(x, div.Type) + "{0} - {1})").With(x).With(other) : null;
        }
        else
        {
            return;
        }
        Report(context, div, fix);
    }

    /// <summary>(k * e) / (1 + e) or e / (e + 1) where e reads an unshifted Exp through a local.</summary>
    private static bool IsScaledLocalExpRatio(IBinaryOperation div, Compilation compilation)
    {
        if (!Ops.IsOnePlus(div.RightOperand, out var e, out bool neg) || neg || !Patterns.IsUnshiftedExp(e, compilation)) return false;
        IOperation num = Ops.Strip(div.LeftOperand);
        if (Ops.SameValue(num, e)) return !Patterns.IsGuarded(e, div);
        return Ops.IsBinary(num, BinaryOperatorKind.Multiply, out var l, out var r) && (Ops.SameValue(l, e) || Ops.SameValue(r, e)) && !Patterns.IsGuarded(e, div);
    }
}
