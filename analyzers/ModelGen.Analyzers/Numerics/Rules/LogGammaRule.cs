using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1029 (MG-LGAMMA): log(Γ(x)), log(n!), log(binomial) and a factorial loop f *= i followed by log(f).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogGammaRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.LogGamma;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.LogGamma) return;
        IOperation arg = Ops.Strip(log.Arguments[0].Value);
        Rewrite? fix = null;
        if (triage.Operand != null && IsNaturalLog(log) && Ops.KindOf(log.Type) == FloatKind.Double)
        {
            IOperation x = Ops.Strip(triage.Operand);
            // log(n!) = lgamma(n + 1); log Γ(x) = lgamma(x).
            fix = new Rewrite("Use StableMath.LogGamma", Rewrite.Stable + (triage.Negate ? "LogGamma({0} + 1.0)" : "LogGamma((double){0})")).With(x);
        }
        Report(context, log, fix, arg.Syntax.ToString());
    }
}
