using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

internal enum DenominatorShape { Safe, StdDev, SqrtOfVariance, Norm, NormProduct, GradientOfSqrt }

/// <summary>
/// What a division's denominator is, shared by MG1005 (std/variance), MG1010 (norms) and MG1019
/// (sqrt/norm gradients) so that each division is owned by exactly one of them.
/// </summary>
internal static class DenominatorTriage
{
    private static readonly string[] StdNames = { "std", "stddev", "stdev", "sigma", "sd", "standarddeviation", "deviation" };
    private static readonly string[] VarianceNames = { "var", "variance", "v", "meansq", "meansquare", "sumsq", "ms", "nu", "secondmoment", "rms", "sqavg", "vhat", "v_hat" };
    private static readonly string[] NormNames = { "norm", "length", "len", "magnitude", "mag", "l2", "l2norm", "euclidean" };

    private sealed class Result(DenominatorShape shape, IOperation denominator, IOperation? inner)
    {
        public DenominatorShape Shape { get; } = shape;
        public IOperation Denominator { get; } = denominator;
        public IOperation? Inner { get; } = inner;
    }

    // MG1005, MG1010 and MG1019 classify the same divisions: once per division.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, Result> Cache = new();

    /// <summary>Classifies x / d and x /= d (<paramref name="division"/> is the binary or compound operation).</summary>
    public static DenominatorShape Classify(IOperation division, IOperation numeratorOperand, IOperation denominatorOperand, ISymbol? owner, Compilation compilation, out IOperation denominator, out IOperation? inner)
    {
        Result result = Cache.GetValue(division, d =>
        {
            IOperation den = Ops.Strip(denominatorOperand);
            DenominatorShape shape = Shape(d, numeratorOperand, den, owner, compilation, out IOperation? inn);
            // The guards are the costly part: checked only for a denominator of a dangerous shape (same result as checking first).
            if (shape != DenominatorShape.Safe && (Patterns.IsProvablyPositive(den, compilation) || Patterns.IsGuarded(den, d))) shape = DenominatorShape.Safe;
            return new Result(shape, den, inn);
        });
        denominator = result.Denominator;
        inner = result.Inner;
        return result.Shape;
    }

    private static DenominatorShape Shape(IOperation division, IOperation numeratorOperand, IOperation denominator, ISymbol? owner, Compilation compilation, out IOperation? inner)
    {
        inner = null;
        if (Ops.KindOf(denominator.Type) is not (FloatKind.Double or FloatKind.Single or FloatKind.Half or FloatKind.Generic)) return DenominatorShape.Safe;
        bool gradient = IsGradientContext(numeratorOperand, owner);

        if (Ops.IsBinary(denominator, BinaryOperatorKind.Multiply, out var l, out var r) && IsNorm(l, compilation, division) && IsNorm(r, compilation, division))
            return DenominatorShape.NormProduct;
        if (Ops.IsCall(denominator, "Sqrt", out var sqrt))
        {
            IOperation v = Ops.Strip(sqrt.Arguments[0].Value);
            inner = v;
            if (Patterns.IsProvablyPositive(v, compilation) || Patterns.IsGuarded(v, division) || Ops.KindOf(v.Type) == FloatKind.Integer) return DenominatorShape.Safe;
            if (gradient) return DenominatorShape.GradientOfSqrt;
            if (IsSumOfSquaresValue(v, compilation)) return DenominatorShape.Norm;
            if (Patterns.NameLooksLike(v, VarianceNames) || IsMeanOfSquares(v, compilation)
                || (Ops.IsBinary(v, BinaryOperatorKind.Divide, out var vn, out _) && Patterns.NameLooksLike(vn, VarianceNames)))
                return DenominatorShape.SqrtOfVariance;
            return DenominatorShape.Safe;
        }
        if (IsNorm(denominator, compilation, division)) return gradient ? DenominatorShape.GradientOfSqrt : DenominatorShape.Norm;
        if (Patterns.NameLooksLike(denominator, StdNames) && !IsGuardedLocal(denominator, compilation)) return DenominatorShape.StdDev;
        return DenominatorShape.Safe;
    }

    private static bool IsGradientContext(IOperation numerator, ISymbol? owner)
    {
        string name = Patterns.EnclosingMethodName(owner).ToLowerInvariant();
        if (name.Contains("backward") || name.Contains("grad") || name.Contains("deriv")) return true;
        return Ops.IsBinary(numerator, BinaryOperatorKind.Multiply, out var a, out var b) && (Ops.IsConstant(a, 0.5) || Ops.IsConstant(b, 0.5))
            || Ops.IsConstant(numerator, 0.5);
    }

    public static bool IsNorm(IOperation op, Compilation compilation, IOperation at)
    {
        op = Ops.Strip(op);
        if (Patterns.IsProvablyPositive(op, compilation) || Patterns.IsGuarded(op, at)) return false;
        if (Ops.IsCall(op, "Sqrt", out var sqrt))
            return IsSumOfSquaresValue(sqrt.Arguments[0].Value, compilation) && !Patterns.IsGuarded(sqrt.Arguments[0].Value, at);
        if (op is IInvocationOperation call && call.TargetMethod.Name is "L2Norm" or "Norm" or "Magnitude" or "EuclideanNorm" && !Ops.IsMathType(call.TargetMethod.ContainingType))
            return true;
        if (Patterns.NameLooksLike(op, NormNames) && Ops.KindOf(op.Type) != FloatKind.Integer && !IsGuardedLocal(op, compilation))
        {
            // A local named "norm" must also be computed like one (a sqrt or a norm call); a parameter or field is taken by name.
            if (LocalWrites.Symbol(op) is ILocalSymbol local)
                return LocalWrites.For(op).Of(local).Any(w => w.Kind is WriteKind.Initializer or WriteKind.Assign
                    && (Ops.IsCall(w.Value, "Sqrt") || Ops.Strip(w.Value) is IInvocationOperation { TargetMethod.Name: "L2Norm" or "Norm" or "Magnitude" or "Length" }));
            return Patterns.Sources(op, compilation).All(s => !Patterns.IsProvablyPositive(s, compilation));
        }
        return false;
    }

    /// <summary>A local whose value was clamped where it was computed (norm = Math.Max(..., eps)).</summary>
    private static bool IsGuardedLocal(IOperation op, Compilation compilation) =>
        Patterns.Sources(op, compilation).Any(s => Patterns.IsProvablyPositive(s, compilation) || Ops.MathFunction(s, out _) is "Max" or "Clamp");

    /// <summary>x*x + y*y inline, a local accumulated with s += v*v, or LINQ Sum(v => v*v).</summary>
    public static bool IsSumOfSquaresValue(IOperation op, Compilation compilation)
    {
        foreach (IOperation s in Patterns.Sources(op, compilation))
        {
            if (Helpers.IsSumOfSquares(s)) return true;
            if (LocalWrites.Symbol(s) is ILocalSymbol local)
            {
                var adds = LocalWrites.For(s).Of(local).Where(w => w.Kind == WriteKind.AddAssign).ToList();
                if (adds.Count > 0 && adds.All(w => Ops.IsSquare(w.Value, out _))) return true;
            }
            if (Ops.Strip(s) is IInvocationOperation { TargetMethod.Name: "Sum" } sum && sum.Arguments.Length == 2 && LambdaReturnsSquare(sum.Arguments[1].Value)) return true;
        }
        return false;
    }

    /// <summary>sumSq / n where sumSq is a sum of squares (RMSNorm), or Average(v => v*v).</summary>
    private static bool IsMeanOfSquares(IOperation op, Compilation compilation)
    {
        op = Ops.Strip(op);
        if (Ops.IsBinary(op, BinaryOperatorKind.Divide, out var num, out _)) return IsSumOfSquaresValue(num, compilation);
        return op is IInvocationOperation { TargetMethod.Name: "Average" } avg && avg.Arguments.Length == 2 && LambdaReturnsSquare(avg.Arguments[1].Value);
    }

    public static bool LambdaReturnsSquare(IOperation op)
    {
        op = Ops.Strip(op);
        if (op is IDelegateCreationOperation d) op = d.Target;
        return op is IAnonymousFunctionOperation lambda
            && lambda.Body.Operations.OfType<IReturnOperation>().FirstOrDefault()?.ReturnedValue is IOperation r && Ops.IsSquare(r, out _);
    }
}
