using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1002 (MG-SOFTMAX-NOMAX): exp(xᵢ) / Σ exp(xⱼ) where the exponents are not shifted by the max,
/// through locals (e = Exp(x); s += e), arrays, LINQ (xs.Select(Math.Exp).Sum()) and Pow(E, x).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SoftmaxNoMaxRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.SoftmaxNoMax;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary, OperationKind.CompoundAssignment);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        IOperation numerator, denominator;
        switch (context.Operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } div:
                numerator = div.LeftOperand; denominator = div.RightOperand; break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } mul
                when Ops.IsBinary(mul.RightOperand, BinaryOperatorKind.Divide, out var one, out var inv) && Ops.IsOne(one):
                numerator = mul.LeftOperand; denominator = inv; break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } mul2
                when Patterns.IsReciprocalOfSumOfExp(mul2.RightOperand, context.Compilation, out bool recShifted):
                if (recShifted || !Patterns.IsExpValue(mul2.LeftOperand, context.Compilation)) return;
                Report(context, mul2, null);
                return;
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide } ca:   // y[i] /= sum after y[i] = Exp(x[i])
                numerator = ca.Target; denominator = ca.Value; break;
            default:
                return;
        }
        Compilation c = context.Compilation;
        // The numerator first: most divisions fail there, before the denominator's sources are traced.
        bool numeratorIsExp = Patterns.IsExpValue(numerator, c)
            || (Ops.Strip(numerator) is IArrayElementReferenceOperation element && Patterns.IsSequenceOfExp(element.ArrayReference, c, out _));
        if (!numeratorIsExp) return;
        if (!Patterns.IsSumOfExp(denominator, c, out bool shifted, out int terms) || shifted || terms <= 2) return;
        // Inside a Log the problem is reported once, as MG1001.
        if (Ops.Consumer(context.Operation) is IArgumentOperation { Parent: IInvocationOperation call } && Ops.IsAnyLog(call, out _)) return;
        // Loop form (s += Exp(x[i]); ... Exp(x[i]) / s): declare the max before the first loop and shift every Exp by it.
        Rewrite? fix = Ops.Strip(denominator) is ILocalReferenceOperation sum
            ? LoopRewrites.MaxShift(sum.Local, context.Operation, logSumExp: false, "Subtract the max before Exp", numerator)
            : null;
        Report(context, context.Operation, fix);
    }
}
