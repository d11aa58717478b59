using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1016 (MG-FLOAT-ACCUM): a float or Half local declared outside a loop and accumulated with +=
/// inside it. Loops with a small constant trip count (3 coordinates, a 4x4 kernel) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FloatAccumulationRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.FloatAccumulation;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.CompoundAssignment);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var add = (ICompoundAssignmentOperation)context.Operation;
        if (add.OperatorKind != BinaryOperatorKind.Add || Ops.Strip(add.Target) is not ILocalReferenceOperation target) return;
        FloatKind kind = Ops.KindOf(target.Type);
        if (kind is not (FloatKind.Single or FloatKind.Half)) return;
        IOperation? loop = LocalWrites.EnclosingLoop(add);
        if (loop == null || IsShortLoop(loop)) return;
        // The accumulator must outlive the loop: declared before it, not inside the body.
        var writes = LocalWrites.For(add).Of(target.Local);
        if (!writes.Any(w => w.Kind is WriteKind.Initializer or WriteKind.Assign && w.Loop != loop)) return;
        if (writes.First(w => w.Kind == WriteKind.AddAssign).Value != add.Value) return;   // one report per accumulator
        Report(context, add, LoopRewrites.WidenAccumulator(target.Local, add), kind == FloatKind.Single ? "float" : "Half", target.Local.Name,
            kind == FloatKind.Single ? "a float counter stops at 16777216" : "a Half counter stops at 2048", kind == FloatKind.Single ? "double" : "float");
    }

    /// <summary>for (int i = 0; i &lt; C; i++) with a constant C of at most 64.</summary>
    private static bool IsShortLoop(IOperation loop)
    {
        if (loop is IForLoopOperation { Condition: IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual } cond })
            return Ops.Constant(cond.RightOperand) is double c && c <= 64;
        if (loop is IForEachLoopOperation each && Ops.Strip(each.Collection) is IArrayCreationOperation { Initializer: { } init } && init.ElementValues.Length <= 64)
            return true;
        return false;
    }
}
