using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1023 (MG-LOGADDEXP): log(exp(a) + exp(b)), and the half-safe a + log(1 + exp(b - a)).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogAddExpRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.LogAddExp;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Invocation, OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        if (context.Operation is IBinaryOperation add)
        {
            if (IsHandWrittenLogAddExp(add, out var a, out var b))
                Report(context, add, Fix(a, b, add.Type));
            return;
        }
        var log = (IInvocationOperation)context.Operation;
        if (!Ops.IsAnyLog(log, out _) || log.Arguments.Length == 0) return;
        var triage = LogTriage.Of(log, context.Compilation);
        if (triage.Shape != LogShape.LogAddExp) return;
        Report(context, log, Ops.MathFunction(log, out _) == "Log" ? Fix(Ops.Strip(triage.Operand!), Ops.Strip(triage.Second!), log.Type) : null);
    }

    /// <summary>a + Log(1 + Exp(b - a)) in either operand order; returns a and b.</summary>
    internal static bool IsHandWrittenLogAddExp(IBinaryOperation add, out IOperation a, out IOperation b)
    {
        a = b = null!;
        if (add.OperatorKind != BinaryOperatorKind.Add) return false;
        foreach (var (first, second) in new[] { (add.LeftOperand, add.RightOperand), (add.RightOperand, add.LeftOperand) })
        {
            if (Ops.IsCall(second, "Log", out var log) && Ops.IsOnePlus(log.Arguments[0].Value, out var t, out bool neg) && !neg
                && Ops.IsExp(t, out var exponent) && Ops.IsBinary(exponent, BinaryOperatorKind.Subtract, out var bb, out var aa) && Ops.SameValue(aa, first))
            {
                a = Ops.Strip(first);
                b = Ops.Strip(bb);
                return true;
            }
        }
        return false;
    }

    private static Rewrite? Fix(IOperation a, IOperation b, ITypeSymbol? type) =>
        !Rewrite.HasStableOverload(type) ? null
            : new Rewrite("Use StableMath.LogAddExp", Rewrite.Stable + "LogAddExp(" + Rewrite.CastTo(a, type) + "{0}, " + Rewrite.CastTo(b, type) + "{1})").With(a).With(b);
}
