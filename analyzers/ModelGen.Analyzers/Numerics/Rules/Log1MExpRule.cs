using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1028 (MG-LOG1MEXP): log(1 - exp(x)) cancels near x = 0 and rounds to 0 for very negative x.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class Log1MExpRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.Log1MExp;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.Log1MExp) return;
        IOperation x = Ops.Strip(triage.Operand!);
        Rewrite? fix = IsNaturalLog(log) && Rewrite.HasStableOverload(log.Type)
            ? new Rewrite("Use StableMath.Log1MExp", Rewrite.Stable + "Log1MExp(" + Rewrite.CastTo(x, log.Type) + "{0})").With(x)
            : null;
        Report(context, log, fix);
    }
}
