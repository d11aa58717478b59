using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1008 (MG-VAR-ONEPASS): sumSq/n - mean², (sumSq - sum²/n), Average(v*v) - Average()²: the
/// difference of two large nearly equal numbers. Two-pass Σ(x - mean)² and Welford do not match.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OnePassVarianceRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.OnePassVariance;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var sub = (IBinaryOperation)context.Operation;
        if (sub.OperatorKind != BinaryOperatorKind.Subtract) return;
        if (Ops.KindOf(sub.Type) is FloatKind.Integer or FloatKind.Other) return;
        if (IsSumOrMeanOfSquares(sub.LeftOperand, context.Compilation) && IsSquaredSumOrMean(sub.RightOperand))
            Report(context, sub, LinqFix(sub));
    }

    /// <summary>Σx² or Σx²/n: a local accumulated with += v*v, Sum/Average(v =&gt; v*v), Select(v =&gt; v*v).Sum/Average().</summary>
    private static bool IsSumOrMeanOfSquares(IOperation op, Compilation c)
    {
        op = Ops.Strip(op);
        if (Ops.IsBinary(op, BinaryOperatorKind.Divide, out var num, out _)) op = Ops.Strip(num);
        if (Ops.IsBinary(op, BinaryOperatorKind.Multiply, out var l, out var r) && (IsReciprocal(r) || IsReciprocal(l))) op = Ops.Strip(IsReciprocal(r) ? l : r);
        foreach (IOperation s in Patterns.Sources(op, c))
        {
            if (LocalWrites.Symbol(s) is ILocalSymbol local)
            {
                var adds = LocalWrites.For(s).Of(local).Where(w => w.Kind == WriteKind.AddAssign).ToList();
                if (adds.Count > 0 && adds.All(w => Ops.IsSquare(w.Value, out var x) && !IsDeviation(x))) return true;
            }
            if (Ops.Strip(s) is IInvocationOperation { TargetMethod.Name: "Sum" or "Average" } call)
            {
                if (call.Arguments.Length == 2 && DenominatorTriage.LambdaReturnsSquare(call.Arguments[1].Value) && !LambdaSquaresDeviation(call.Arguments[1].Value)) return true;
                if (Patterns.Receiver(call) is IOperation src && Ops.Strip(src) is IInvocationOperation { TargetMethod.Name: "Select" } sel && sel.Arguments.Length == 2
                    && DenominatorTriage.LambdaReturnsSquare(sel.Arguments[1].Value) && !LambdaSquaresDeviation(sel.Arguments[1].Value)) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// xs.Select(v =&gt; v * v).Average() - Math.Pow(xs.Average(), 2) over an array: the population variance,
    /// which StableMath.MeanVariance computes with Welford's update.
    /// </summary>
    private static Rewrite? LinqFix(IBinaryOperation sub)
    {
        if (Ops.Strip(sub.LeftOperand) is not IInvocationOperation { TargetMethod.Name: "Average" } avg || Patterns.Receiver(avg) is not IOperation selected
            || Ops.Strip(selected) is not IInvocationOperation { TargetMethod.Name: "Select" } select || Patterns.Receiver(select) is not IOperation xs) return null;
        if (Ops.Strip(xs).Type is not IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double }) return null;
        if (!Ops.IsSquare(sub.RightOperand, out var mean) || Ops.Strip(mean) is not IInvocationOperation { TargetMethod.Name: "Average" } meanCall
            || Patterns.Receiver(meanCall) is not IOperation xs2 || !Ops.SameValue(xs, xs2)) return null;
        return new Rewrite("Use StableMath.MeanVariance", Rewrite.Stable + "MeanVariance<double>({0}).Variance").With(Ops.Strip(xs));
    }

    /// <summary>mean*mean, Pow(mean, 2), sum*sum/n, Average()².</summary>
    private static bool IsSquaredSumOrMean(IOperation op)
    {
        op = Ops.Strip(op);
        if (Ops.IsBinary(op, BinaryOperatorKind.Divide, out var num, out _)) op = Ops.Strip(num);
        if (Ops.IsBinary(op, BinaryOperatorKind.Multiply, out var l, out var r))
        {
            if (Ops.IsSquare(l, out _) && !Ops.IsSquare(r, out _)) return true;  // sum * sum * (1/n)
            if (Ops.IsBinary(r, BinaryOperatorKind.Divide, out var rn, out _) && Ops.SameValue(l, rn)) return true;  // sum * (sum / n)
        }
        return Ops.IsSquare(op, out _);
    }

    private static bool IsReciprocal(IOperation op) => Ops.IsBinary(op, BinaryOperatorKind.Divide, out var one, out _) && Ops.IsOne(one);

    // (x - mean)² is the two-pass form: not one-pass.
    private static bool IsDeviation(IOperation x) => Ops.Strip(x) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract };

    private static bool LambdaSquaresDeviation(IOperation op)
    {
        op = Ops.Strip(op);
        if (op is IDelegateCreationOperation d) op = d.Target;
        return op is IAnonymousFunctionOperation lambda
            && lambda.Body.Operations.OfType<IReturnOperation>().FirstOrDefault()?.ReturnedValue is IOperation r
            && Ops.IsSquare(r, out var x) && IsDeviation(x);
    }
}
