using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1003 (MG-BCE-PROB): log(σ(x)) and log(1 - σ(x)), and the binary cross-entropy pair
/// y·log(p) + (1-y)·log(1-p) on an unclamped probability. σ saturates to exactly 0 or 1.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogOfSigmoidRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.BceOnProbabilities;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape is LogShape.LogOfSigmoid or LogShape.LogOneMinusSigmoid && Patterns.IsLogitBelowSaturation(triage.Operand, log.Type, context.Compilation)) return;
        bool canFix = IsNaturalLog(log) && Rewrite.HasStableOverload(log.Type) && triage.Operand != null;
        switch (triage.Shape)
        {
            case LogShape.LogOfSigmoid:
            {
                // log σ(x) = LogSigmoid(x); with the logit negated (1/(1+exp(x)) = σ(-x)) it is LogSigmoid(-x).
                Rewrite? fix = canFix ? Fix("LogSigmoid(" + (triage.Negate ? "-" : "") + "{0})", triage.Operand!, log) : null;
                Report(context, log, fix, "log(σ(x))", "StableMath.LogSigmoid(x)");
                return;
            }
            case LogShape.LogOneMinusSigmoid:
            {
                // log(1 - σ(x)) = log σ(-x).
                Rewrite? fix = canFix ? Fix("LogSigmoid(" + (triage.Negate ? "" : "-") + "{0})", triage.Operand!, log) : null;
                Report(context, log, fix, "log(1 - σ(x))", "StableMath.LogSigmoid(-x)");
                return;
            }
            case LogShape.Log1P when triage.Negate && IsBcePair(log, triage.Operand!, context.Compilation):
            case LogShape.Plain when IsBcePair(log, triage.Operand!, context.Compilation):
                Report(context, log, null, "binary cross-entropy log(p), log(1 - p)", "StableMath.BinaryCrossEntropyWithLogits(logit, target)");
                return;
        }
    }

    /// <summary>
    /// The statement also takes log of the complement (log(p) with log(1 - p)), and p is not clamped:
    /// the hand-written BCE on probabilities of catalog entry 3.
    /// </summary>
    internal static bool IsBcePair(IInvocationOperation log, IOperation operand, Compilation compilation, bool evenIfClamped = false, bool orLogit = false)
    {
        // Read both logs through the eps hack: Log(O + double.Epsilon) pairs with Log(1 - O + double.Epsilon).
        if (!Complement(Patterns.StripEpsilonHack(log.Arguments[0].Value), out IOperation p, out bool isComplement)) return false;
        if (Ops.Constant(p) != null || (!evenIfClamped && IsClamped(p, compilation))) return false;
        IOperation statement = log;
        while (statement.Parent != null && statement.Parent is not IBlockOperation && statement.Parent is not IMethodBodyOperation) statement = statement.Parent;
        string pText = p.Syntax.ToString();
        foreach (IOperation op in statement.DescendantsAndSelf())
        {
            if (op == log || !Ops.IsAnyLog(op, out var other) || other.Arguments.Length == 0) continue;
            if (!Complement(Patterns.StripEpsilonHack(other.Arguments[0].Value), out IOperation q, out bool otherIsComplement)) continue;
            if (otherIsComplement != isComplement && q.Syntax.ToString() == pText)
            {
                // log(p) - log(1 - p) is the logit, not a cross-entropy.
                bool logit = Ops.Consumer(log) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } d
                    && (Ops.Strip(d.LeftOperand) == other || Ops.Strip(d.RightOperand) == other);
                return orLogit || !logit;
            }
        }
        return false;
    }

    /// <summary>1 - p gives (p, true); any other value v gives (v, false).</summary>
    private static bool Complement(IOperation arg, out IOperation p, out bool isComplement)
    {
        arg = Ops.Strip(arg);
        if (Ops.IsOnePlus(arg, out var t, out bool neg) && neg) { p = Ops.Strip(t); isComplement = true; return true; }
        p = arg;
        isComplement = false;
        return true;
    }

    private static bool IsClamped(IOperation p, Compilation compilation) =>
        Patterns.Sources(p, compilation).Any(s => Ops.MathFunction(s, out _) is "Clamp" or "Max" or "Min");

    private static Rewrite Fix(string call, IOperation logit, IInvocationOperation log) =>
        new Rewrite("Use StableMath.LogSigmoid on the logit", Rewrite.Stable + call.Replace("{0}", Rewrite.CastTo(Ops.Strip(logit), log.Type) + "{0}")).With(Ops.Strip(logit));
}
