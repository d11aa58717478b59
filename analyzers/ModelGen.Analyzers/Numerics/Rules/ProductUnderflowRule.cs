using System.Linq;
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
        if (triage.Shape != LogShape.ProductUnderflow) return;
        IOperation product = Ops.Strip(log.Arguments[0].Value);
        Rewrite? fix = null;
        if (IsNaturalLog(log) && log.Arguments.Length == 1)
        {
            // p *= q[i] in a loop, then Log(p): sum the logs instead.
            if (product is ILocalReferenceOperation local) fix = LoopRewrites.SumOfLogs(local.Local, log);
            // Log(xs.Aggregate(1.0, (a, b) => a * b)) -> xs.Sum(Math.Log)
            else if (product is IInvocationOperation { TargetMethod.Name: "Aggregate" } aggregate && Patterns.Receiver(aggregate) is { } xs
                     && (aggregate.Arguments.Length == 2 || aggregate.Arguments.Length == 3 && Ops.IsOne(aggregate.Arguments[1].Value))
                     && Rewrite.Callee(log) is { } callee && xs.Type is INamedTypeSymbol or IArrayTypeSymbol)
            {
                ITypeSymbol? element = xs.Type is IArrayTypeSymbol array ? array.ElementType : ((INamedTypeSymbol)xs.Type!).TypeArguments.FirstOrDefault();
                string selector = SymbolEqualityComparer.Default.Equals(element, log.Type) && log.TargetMethod.Parameters.Length == 1
                    && SymbolEqualityComparer.Default.Equals(log.TargetMethod.Parameters[0].Type, element) && !log.TargetMethod.IsGenericMethod && Rewrite.MathClass(log.Type) != null
                    ? callee.ToString() : "v => " + callee + "(v)";
                if (element != null && SymbolEqualityComparer.Default.Equals(product.Type, log.Type))
                    fix = new Rewrite("Sum the logs instead of multiplying", "{0}.Sum(" + selector + ")").With(Ops.Strip(xs));
            }
        }
        Report(context, log, fix, product.Syntax.ToString());
    }
}
