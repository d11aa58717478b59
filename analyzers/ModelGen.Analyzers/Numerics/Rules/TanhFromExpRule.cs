using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1007 (MG-TANH-EXP): (eˣ - e⁻ˣ)/(eˣ + e⁻ˣ), (e²ˣ - 1)/(e²ˣ + 1), 2/(1 + e⁻²ˣ) - 1, 1 - 2/(e²ˣ + 1), sinh/cosh.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TanhFromExpRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.TanhFromExp;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var op = (IBinaryOperation)context.Operation;
        if (!Match(op, context.Compilation, out IOperation? x)) return;
        string? math = Rewrite.MathClass(op.Type);
        Rewrite? fix = x != null && math != null
            ? new Rewrite("Use Tanh", math + ".Tanh(" + Rewrite.CastTo(x, op.Type) + "{0})").With(x)
            : null;
        Report(context, op, fix);
    }

    /// <summary>Matches the tanh spellings; <paramref name="x"/> is the argument when it can be read off (else null).</summary>
    private static bool Match(IBinaryOperation op, Compilation c, out IOperation? x)
    {
        x = null;
        if (op.OperatorKind == BinaryOperatorKind.Divide)
        {
            IOperation num = Ops.Strip(op.LeftOperand), den = Ops.Strip(op.RightOperand);
            if (Ops.IsCall(num, "Sinh", out var sinh) && Ops.IsCall(den, "Cosh", out var cosh) && Ops.SameValue(sinh.Arguments[0].Value, cosh.Arguments[0].Value))
            { x = Ops.Strip(sinh.Arguments[0].Value); return true; }
            // (Exp(x) - Exp(-x)) / (Exp(x) + Exp(-x))
            if (Ops.IsBinary(num, BinaryOperatorKind.Subtract, out var a, out var b) && Ops.IsBinary(den, BinaryOperatorKind.Add, out var c1, out var d1)
                && Ops.IsExp(a, out var xa) && Ops.IsExp(b) && Ops.IsExp(c1) && Ops.IsExp(d1))
            { x = Ops.Strip(xa); return true; }
            // (E - 1) / (E + 1) with E = Exp(2x), inline or in a local
            if (Ops.IsBinary(num, BinaryOperatorKind.Subtract, out var e1, out var one1) && Ops.IsOne(one1)
                && Ops.IsOnePlus(den, out var e2, out bool neg) && !neg && Ops.SameValue(e1, e2) && ExpOfTwoX(e1, c, false, out x))
                return true;
            return false;
        }
        // 2 / (1 + Exp(-2x)) - 1
        if (op.OperatorKind == BinaryOperatorKind.Subtract && Ops.IsOne(op.RightOperand)
            && Ops.IsBinary(op.LeftOperand, BinaryOperatorKind.Divide, out var two, out var den2) && Ops.IsConstant(two, 2)
            && Ops.IsOnePlus(den2, out var t, out bool n2) && !n2 && ExpOfTwoX(t, c, true, out x))
            return true;
        // 1 - 2 / (Exp(2x) + 1)
        if (op.OperatorKind == BinaryOperatorKind.Subtract && Ops.IsOne(op.LeftOperand)
            && Ops.IsBinary(op.RightOperand, BinaryOperatorKind.Divide, out var two2, out var den3) && Ops.IsConstant(two2, 2)
            && Ops.IsOnePlus(den3, out var t2, out bool n3) && !n3 && ExpOfTwoX(t2, c, false, out x))
            return true;
        return false;
    }

    /// <summary>
    /// Exp(2x) or Exp(-2x) (also x * 2, -(2 * x)); <paramref name="x"/> is x when the exp is inline (a local's
    /// exponent may not be in scope at the use), and only when the sign matches what the caller expects.
    /// </summary>
    private static bool ExpOfTwoX(IOperation e, Compilation c, bool expectNegative, out IOperation? x)
    {
        x = null;
        foreach (IOperation s in Patterns.Sources(e, c))
        {
            if (!Ops.IsExp(s, out var exponent)) continue;
            exponent = Ops.Strip(exponent);
            bool negative = false;
            if (exponent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } u) { exponent = Ops.Strip(u.Operand); negative = true; }
            if (!Ops.IsBinary(exponent, BinaryOperatorKind.Multiply, out var l, out var r)) continue;
            IOperation? half = null;
            if (Ops.IsConstant(l, 2)) half = r;
            else if (Ops.IsConstant(r, 2)) half = l;
            else if (Ops.IsConstant(l, -2)) { half = r; negative = !negative; }
            else if (Ops.IsConstant(r, -2)) { half = l; negative = !negative; }
            if (half == null || negative != expectNegative) continue;
            if (s == Ops.Strip(e)) x = Ops.Strip(half);
            return true;
        }
        return false;
    }
}
