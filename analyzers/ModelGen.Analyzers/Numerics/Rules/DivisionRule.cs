using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>Base of the rules that own one shape of division denominator (see <see cref="DenominatorTriage"/>).</summary>
public abstract class DivisionRule : NumericRule
{
    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary, OperationKind.CompoundAssignment);

    private protected sealed override void Analyze(OperationAnalysisContext context)
    {
        // x / d, and x /= d (v[i] /= length)
        IOperation numerator, denominatorOperand;
        if (context.Operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } b) { numerator = b.LeftOperand; denominatorOperand = b.RightOperand; }
        else if (context.Operation is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide } c) { numerator = c.Target; denominatorOperand = c.Value; }
        else return;
        var shape = DenominatorTriage.Classify(context.Operation, numerator, denominatorOperand, context.ContainingSymbol, context.Compilation, out var denominator, out var inner);
        if (shape != DenominatorShape.Safe) OnDivision(context, context.Operation, shape, denominator, inner);
    }

    private protected abstract void OnDivision(OperationAnalysisContext context, IOperation division, DenominatorShape shape, IOperation denominator, IOperation? inner);

    /// <summary>Math.Max(d, eps) typed for d (double/float); null for Half and generic code.</summary>
    private protected static string? MaxWithEpsilon(IOperation d, double eps) =>
        Ops.KindOf(d.Type) is FloatKind.Double or FloatKind.Single ? "global::System.Math.Max({0}, " + Rewrite.Literal(d.Type, eps, eps) + ")" : null;
}
