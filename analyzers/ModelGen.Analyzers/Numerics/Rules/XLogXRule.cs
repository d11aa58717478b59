using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1017 (MG-XLOGX): p·log(p) and p·log(p/q) are 0·(-∞) = NaN at p = 0 unless guarded.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XLogXRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.XLogX;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var mul = (IBinaryOperation)context.Operation;
        if (!Match(mul, out var x, out var log, out bool negated)) return;
        if (Patterns.IsGuarded(x, mul) || Patterns.IsProvablyPositive(x, context.Compilation)) return;
        IOperation y = Ops.Strip(log.Arguments[0].Value);
        Rewrite? fix = Ops.MathFunction(log, out _) == "Log" && Rewrite.HasStableOverload(mul.Type)
            ? new Rewrite("Use StableMath.XLogY", (negated ? "-" : "") + Rewrite.Stable + "XLogY(" + Rewrite.CastTo(x, mul.Type) + "{0}, " + Rewrite.CastTo(y, mul.Type) + "{1})").With(x).With(y)
            : null;
        Report(context, mul, fix, mul.Syntax.ToString(), x.Syntax.ToString());
    }

    /// <summary>x * Log(x) or x * Log(x / q) in either operand order, x possibly negated.</summary>
    private static bool Match(IBinaryOperation mul, out IOperation x, out IInvocationOperation log, out bool negated)
    {
        x = null!;
        log = null!;
        negated = false;
        if (mul.OperatorKind != BinaryOperatorKind.Multiply) return false;
        foreach (var (factor, other) in new[] { (mul.LeftOperand, mul.RightOperand), (mul.RightOperand, mul.LeftOperand) })
        {
            if (!Ops.IsCall(other, "Log", out log) && !Ops.IsCall(other, "Log2", out log) && !Ops.IsCall(other, "Log10", out log)) continue;
            IOperation f = Ops.Strip(factor);
            negated = false;
            if (f is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } u) { f = Ops.Strip(u.Operand); negated = true; }
            if (Ops.Constant(f) != null) continue;
            IOperation arg = Ops.Strip(log.Arguments[0].Value);
            if (Ops.SameValue(arg, f) || (Ops.IsBinary(arg, BinaryOperatorKind.Divide, out var num, out _) && Ops.SameValue(num, f)))
            {
                x = f;
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether this log is the log factor of an x·log(x) product (so other rules leave it to MG1017).</summary>
    internal static bool IsXLogX(IInvocationOperation log) =>
        Ops.Consumer(log) is IBinaryOperation mul && Match(mul, out _, out var l, out _) && l == log;
}
