using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

internal enum LogShape
{
    None, Softplus, Log1MExp, LogOfSigmoid, LogOneMinusSigmoid, Log1P, InverseSoftplus, LogOfExp, LogAddExp, LogSumExp,
    LogSoftmax, LogGamma, LogNdtr, ProductUnderflow, Plain,
}

/// <summary>What a logarithm's argument is, decided once per Log call (cached) so that exactly one rule owns each Log.</summary>
internal sealed class LogTriage
{
    private static readonly ConditionalWeakTable<IOperation, LogTriage> Cache = new();

    private LogTriage(LogShape shape, IOperation? operand = null, IOperation? second = null, bool negate = false)
    {
        Shape = shape;
        Operand = operand;
        Second = second;
        Negate = negate;
    }

    public LogShape Shape { get; }

    /// <summary>The rule-specific inner value (x of log(1+x), the exponent, the sigmoid's logit...), when visible inline.</summary>
    public IOperation? Operand { get; }

    public IOperation? Second { get; }

    /// <summary>The inner value enters negated (1 - x, Exp(-x) with the minus already removed...).</summary>
    public bool Negate { get; }

    public static LogTriage Of(IInvocationOperation log, Compilation compilation) => Cache.GetValue(log, l => Classify((IInvocationOperation)l, compilation));

    private static LogTriage Classify(IInvocationOperation log, Compilation compilation)
    {
        IOperation arg = Ops.Strip(log.Arguments[0].Value);
        if (Ops.IsOnePlus(arg, out var term, out bool negated))
        {
            if (Ops.IsExp(term, out var x)) return new LogTriage(negated ? LogShape.Log1MExp : LogShape.Softplus, x);
            if (negated && Patterns.IsSigmoid(term, compilation, out var logit, out bool neg)) return new LogTriage(LogShape.LogOneMinusSigmoid, logit, negate: neg);
            if (negated && IsNormalCdf(term)) return new LogTriage(LogShape.LogNdtr, (Ops.Strip(term) as IInvocationOperation)?.Arguments[0].Value, negate: true);
            return new LogTriage(LogShape.Log1P, term, negate: negated);
        }
        if (Ops.IsExpMinusOne(arg, out var y)) return new LogTriage(LogShape.InverseSoftplus, y);
        if (Ops.IsExp(arg, out var e)) return new LogTriage(LogShape.LogOfExp, e);
        if (arg is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } md
            && (Ops.IsExp(md.LeftOperand) || (md.OperatorKind == BinaryOperatorKind.Multiply && Ops.IsExp(md.RightOperand))))
            return new LogTriage(LogShape.LogOfExp);
        if (Patterns.IsSumOfExp(arg, compilation, out bool shifted, out int terms))
        {
            if (terms == 2 && arg is IBinaryOperation two && Ops.IsExp(two.LeftOperand, out var a) && Ops.IsExp(two.RightOperand, out var b))
                return new LogTriage(LogShape.LogAddExp, a, b);
            return shifted ? new LogTriage(LogShape.None) : new LogTriage(LogShape.LogSumExp, arg);
        }
        // log((exp(a) + exp(b)) / 2): a scaled log-sum-exp, overflowing the same way.
        if (arg is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply } scaled
            && (Patterns.IsSumOfExp(scaled.LeftOperand, compilation, out bool s1, out _) && !s1 || Patterns.IsSumOfExp(scaled.RightOperand, compilation, out bool s2, out _) && !s2 && scaled.OperatorKind == BinaryOperatorKind.Multiply))
            return new LogTriage(LogShape.LogSumExp);
        if (Patterns.IsSoftmaxProbability(arg, compilation)) return new LogTriage(LogShape.LogSoftmax);
        if (Patterns.IsSigmoid(arg, compilation, out var z, out bool zneg)) return new LogTriage(LogShape.LogOfSigmoid, z, negate: zneg);
        if (arg is IInvocationOperation call)
        {
            string n = call.TargetMethod.Name.ToLowerInvariant();
            if (n is "gamma" or "tgamma" or "factorial" or "fact" or "binomial" or "choose" or "binomialcoefficient")
                return new LogTriage(LogShape.LogGamma, call.Arguments.Length == 1 ? call.Arguments[0].Value : null, negate: n.StartsWith("fact"));
            if (IsNormalCdf(call)) return new LogTriage(LogShape.LogNdtr, call.Arguments[0].Value);
            if (n.Contains("pdf") || n.Contains("density")) return new LogTriage(LogShape.LogOfExp);
            if (n == "aggregate" && call.Arguments.Length >= 2 && IsProductLambda(call.Arguments[call.Arguments.Length == 4 ? 2 : call.Arguments.Length - 1].Value))
                return new LogTriage(LogShape.ProductUnderflow);
        }
        if (IsHalfPlusHalfErf(arg, out var erfX)) return new LogTriage(LogShape.LogNdtr, erfX);
        if (LocalWrites.Symbol(arg) is ILocalSymbol local)
        {
            var products = LocalWrites.For(arg).Of(local).Where(w => w.Kind == WriteKind.MultiplyAssign && w.InLoop).ToList();
            if (products.Count > 0)
            {
                bool factorial = products.All(w => Ops.KindOf(Ops.Strip(w.Value).Type) == FloatKind.Integer && LocalWrites.Symbol(w.Value) is ILocalSymbol);
                return new LogTriage(factorial ? LogShape.LogGamma : LogShape.ProductUnderflow);
            }
        }
        return new LogTriage(LogShape.Plain, arg);
    }

    private static bool IsNormalCdf(IOperation op)
    {
        if (Ops.Strip(op) is not IInvocationOperation call || call.Arguments.Length != 1) return false;
        string n = call.TargetMethod.Name.ToLowerInvariant();
        return n is "normalcdf" or "normcdf" or "ndtr" or "phi" or "standardnormalcdf" or "gaussiancdf" or "cumulativenormal" or "normcdf" or "stdnormalcdf";
    }

    /// <summary>0.5 * (1 + Erf(x / Sqrt(2))) in any operand order; returns x when the √2 scaling is visible.</summary>
    private static bool IsHalfPlusHalfErf(IOperation op, out IOperation? x)
    {
        x = null;
        if (!Ops.IsBinary(op, BinaryOperatorKind.Multiply, out var l, out var r)) return false;
        IOperation other;
        if (Ops.IsConstant(l, 0.5)) other = r;
        else if (Ops.IsConstant(r, 0.5)) other = l;
        else return false;
        if (!Ops.IsOnePlus(other, out var term, out bool neg) || neg) return false;
        if (Ops.Strip(term) is not IInvocationOperation erf || erf.TargetMethod.Name.ToLowerInvariant() != "erf" || erf.Arguments.Length != 1) return false;
        IOperation inner = Ops.Strip(erf.Arguments[0].Value);
        if (Ops.IsBinary(inner, BinaryOperatorKind.Divide, out var num, out var den)
            && (Ops.IsCall(den, "Sqrt", out var sqrt) && Ops.IsConstant(sqrt.Arguments[0].Value, 2) || Ops.Constant(den) is double c && System.Math.Abs(c - 1.4142135623730951) < 1e-9))
            x = num;
        return true;
    }

    private static bool IsProductLambda(IOperation op)
    {
        op = Ops.Strip(op);
        if (op is IDelegateCreationOperation d) op = d.Target;
        return op is IAnonymousFunctionOperation lambda
            && lambda.Body.Operations.OfType<IReturnOperation>().FirstOrDefault()?.ReturnedValue is IOperation r
            && Ops.Strip(r) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply };
    }
}
