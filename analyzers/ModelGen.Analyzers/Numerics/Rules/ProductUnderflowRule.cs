using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1018 (MG-PROD-UNDERFLOW): log of a product of probabilities built with p *= ... or Aggregate((a, b) => a * b).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProductUnderflowRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.ProductUnderflow;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape == LogShape.ProductUnderflow) Report(context, log, null, Ops.Strip(log.Arguments[0].Value).Syntax.ToString());
    }
}
