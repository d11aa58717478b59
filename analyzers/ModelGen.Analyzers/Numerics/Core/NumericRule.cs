using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>
/// Base of every MG1xxx analyzer: one descriptor, operation actions on a few operation kinds only,
/// never in generated code, concurrent. Derived rules implement <see cref="Analyze"/> and report
/// through <see cref="Report"/>, which attaches the rewrite for the code fix.
/// </summary>
public abstract class NumericRule : DiagnosticAnalyzer
{
    private protected abstract DiagnosticDescriptor Rule { get; }

    private protected abstract ImmutableArray<OperationKind> Kinds { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(Analyze, Kinds);
    }

    private protected abstract void Analyze(OperationAnalysisContext context);

    private protected void Report(OperationAnalysisContext context, IOperation at, Rewrite? fix, params object[] messageArgs) =>
        Report(context, at.Syntax.GetLocation(), fix, messageArgs);

    private protected void Report(OperationAnalysisContext context, Location location, Rewrite? fix, params object[] messageArgs) =>
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, fix?.Properties, messageArgs));
}
