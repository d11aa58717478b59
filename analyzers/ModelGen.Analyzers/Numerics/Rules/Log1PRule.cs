using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1014 (MG-LOG1P): log(1 + x) and log(1 - p) lose the digits of a small x. Not reported where
/// no cancellation can happen: integer x (counts), constants, p ≥ 0.5 (Sterbenz), count-like names.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class Log1PRule : LogRule
{
    private static readonly string[] CountNames = { "count", "n", "num", "freq", "frequency", "tf", "df", "rank", "index", "idx", "length", "len", "size", "total", "docs", "k" };

    private protected override DiagnosticDescriptor Rule => NumericDescriptors.Log1P;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.Log1P) return;
        IOperation x = Ops.Strip(triage.Operand!);
        if (!CanBeSmall(x, triage.Negate, context.Compilation)) return;
        // A BCE pair is MG1003's (unclamped) or a catalog §4.12 lookalike (clamped): log1p(-p) is not the fix there.
        // The logit log(p) - log(1 - p) is dominated by log(p): no log1p needed either.
        if (triage.Negate && LogOfSigmoidRule.IsBcePair(log, x, context.Compilation, evenIfClamped: true, orLogit: true)) return;
        Rewrite? fix = IsNaturalLog(log) && Rewrite.HasStableOverload(log.Type)
            ? new Rewrite("Use StableMath.Log1P", Rewrite.Stable + "Log1P(" + (triage.Negate ? "-" : "") + Rewrite.CastTo(x, log.Type) + "{0})").With(x)
            : null;
        Report(context, log, fix);
    }

    /// <summary>Built only from integers (converted to floating point) and constants.</summary>
    private static bool IsIntegerArithmetic(IOperation x)
    {
        x = Ops.Strip(x);
        if (Ops.Constant(x) != null) return true;
        if (x is IBinaryOperation b) return IsIntegerArithmetic(b.LeftOperand) && IsIntegerArithmetic(b.RightOperand);
        return Ops.KindOf(x.Type) == FloatKind.Integer;
    }

    /// <summary>Whether x can be small enough relative to 1 to cancel.</summary>
    private static bool CanBeSmall(IOperation x, bool negated, Compilation compilation)
    {
        FloatKind kind = Ops.KindOf(x.Type);
        if (kind is FloatKind.Integer or FloatKind.Other) return false;            // Math.Log(1 + count)
        if (Ops.Constant(x) != null || IsIntegerArithmetic(x)) return false;   // (double)docs / (1 + df): a ratio of counts
        if (Patterns.NameLooksLike(x, CountNames)) return false;                   // TF-IDF style counters stored as double
        if (Ops.Strip(x) is IPropertyReferenceOperation { Property.Name: "Length" or "Count" }) return false;
        foreach (IOperation s in Patterns.Sources(x, compilation))
        {
            // 1 - momentum with momentum = 0.9: exact by Sterbenz (catalog §4.1).
            if (negated && Ops.Constant(s) is double c && c >= 0.5) return false;
            if (Ops.KindOf(Ops.Strip(s).Type) == FloatKind.Integer) return false;
        }
        if (LocalWrites.FieldOf(x) is IFieldSymbol { IsConst: true }) return false;
        return true;
    }
}
