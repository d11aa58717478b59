using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1030 (MG-LOG-NDTR): log Φ(x) through 0.5·(1 + erf(x/√2)) or a NormalCdf helper, and log(1 - Φ(x)).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogNdtrRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.LogNdtr;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.LogNdtr) return;
        Rewrite? fix = null;
        if (triage.Operand != null && IsNaturalLog(log) && Rewrite.HasStableOverload(log.Type))
        {
            IOperation x = Ops.Strip(triage.Operand);
            // log(1 - Φ(x)) = log Φ(-x).
            fix = new Rewrite("Use StableMath.LogNdtr", Rewrite.Stable + "LogNdtr(" + (triage.Negate ? "-" : "") + Rewrite.CastTo(x, log.Type) + "{0})").With(x);
        }
        Report(context, log, fix);
    }
}
