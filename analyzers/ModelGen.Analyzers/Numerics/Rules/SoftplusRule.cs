using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1006 (MG-SOFTPLUS): log(1 + exp(x)) overflows for large x and returns 0 for very negative x.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SoftplusRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.Softplus;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.Softplus) return;
        IOperation x = triage.Operand!;
        // (float)Math.Log(1.0 + Math.Exp(v)) with float v: the double intermediate already covers float's range (catalog §4.17).
        if (Ops.KindOf(log.Type) == FloatKind.Double && Ops.KindOf(Ops.Strip(x).Type) == FloatKind.Single) return;
        // a + Log(1 + Exp(b - a)) is a hand-written logaddexp: MG1023 owns it.
        if (Ops.Consumer(log) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add }) { if (LogAddExpRule.IsHandWrittenLogAddExp((IBinaryOperation)Ops.Consumer(log)!, out _, out _)) return; }
        Rewrite? fix = IsNaturalLog(log) && Rewrite.HasStableOverload(log.Type)
            ? new Rewrite("Use StableMath.Softplus", Rewrite.Stable + "Softplus(" + Rewrite.CastTo(Ops.Strip(x), log.Type) + "{0})").With(Ops.Strip(x))
            : null;
        Report(context, log, fix);
    }
}
