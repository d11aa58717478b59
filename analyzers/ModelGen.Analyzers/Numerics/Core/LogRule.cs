using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>Base of the rules that own one shape of logarithm argument (see <see cref="LogTriage"/>).</summary>
public abstract class LogRule : NumericRule
{
    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Invocation);

    private protected sealed override void Analyze(OperationAnalysisContext context)
    {
        var call = (IInvocationOperation)context.Operation;
        if (!Ops.IsAnyLog(call, out _) || call.Arguments.Length == 0) return;
        OnLog(context, call, LogTriage.Of(call, context.Compilation));
    }

    private protected abstract void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage);

    /// <summary>True for the natural log (Log(x) or Log(x, E)): the only spelling the stable functions replace one-to-one.</summary>
    private protected static bool IsNaturalLog(IInvocationOperation log) => Ops.MathFunction(log, out _) == "Log";
}
