using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

internal enum HelperKind { None, Log1p, Expm1, Softplus, LogSumExp, Hypot, LogSigmoid, Softmax, Sigmoid }

/// <summary>
/// User helpers with stable-sounding names. Their bodies are checked for the naive form the name
/// promises to avoid (catalog §5.3): a <c>Log1p(x) =&gt; Math.Log(1 + x)</c> is as unstable as the inline form.
/// </summary>
internal static class Helpers
{
    public static HelperKind KindOf(string methodName)
    {
        string n = methodName.ToLowerInvariant();
        if (n.Contains("logsoftmax")) return HelperKind.None;           // already in the log domain
        if (n.Contains("softmax")) return HelperKind.Softmax;
        if (n is "log1p" or "logp1" or "log1plus" or "logoneplus") return HelperKind.Log1p;
        if (n is "expm1" or "expminus1" or "expminusone") return HelperKind.Expm1;
        if (n is "softplus" or "log1pexp" or "log1plusexp") return HelperKind.Softplus;
        if (n is "logsumexp" or "logsumexponentials") return HelperKind.LogSumExp;
        if (n is "hypot" or "hypotenuse") return HelperKind.Hypot;
        if (n is "logsigmoid" or "loglogistic") return HelperKind.LogSigmoid;
        if (n is "sigmoid" or "logistic" or "sigm") return HelperKind.Sigmoid;
        return HelperKind.None;
    }

    /// <summary>Whether one operation of a helper's body is the naive form for that helper's name.</summary>
    public static bool ShowsNaiveForm(HelperKind kind, IOperation op)
    {
        switch (kind)
        {
            case HelperKind.Log1p:
                return Ops.IsAnyLog(op, out var log) && Ops.IsOnePlus(log.Arguments[0].Value, out _, out _);
            case HelperKind.Expm1:
                return Ops.IsExpMinusOne(op, out _);
            case HelperKind.Softplus:
                return Ops.IsAnyLog(op, out var l2) && Ops.IsOnePlus(l2.Arguments[0].Value, out var t, out bool neg) && !neg && Ops.IsExp(t);
            case HelperKind.LogSumExp:
                return Ops.IsAnyLog(op, out var l3) && Patterns.IsSumOfExp(l3.Arguments[0].Value, null, out bool shifted, out _) && !shifted;
            case HelperKind.Hypot:
                return Ops.IsCall(op, "Sqrt", out var sqrt) && IsSumOfSquares(sqrt.Arguments[0].Value);
            case HelperKind.LogSigmoid:
                return Ops.IsAnyLog(op, out var l4) && Patterns.IsSigmoid(l4.Arguments[0].Value, null, out _, out _);
            case HelperKind.Softmax:
                // Exp(x) with an unshifted exponent, or the method group Math.Exp handed to Select/Sum.
                if (op is IMethodReferenceOperation { Method.Name: "Exp" } group && Ops.IsMathType(group.Method.ContainingType)) return true;
                return Ops.IsExp(op, out var x) && !Patterns.IsShiftedExponent(x, null);
            default:
                return false;
        }
    }

    /// <summary>x*x + y*y (+ ...) with at least two squared terms.</summary>
    public static bool IsSumOfSquares(IOperation op)
    {
        int count = 0;
        return CountSquares(Ops.Strip(op), ref count) && count >= 2;
    }

    private static bool CountSquares(IOperation op, ref int count)
    {
        op = Ops.Strip(op);
        if (op is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } b)
            return CountSquares(b.LeftOperand, ref count) && CountSquares(b.RightOperand, ref count);
        if (Ops.IsSquare(op, out _)) { count++; return true; }
        return false;
    }

    public static bool NameIs(IMethodSymbol method, params string[] stems)
    {
        string n = method.Name.ToLowerInvariant();
        foreach (string s in stems) if (n.Contains(s)) return true;
        return false;
    }

    public static bool IsUserSourceMethod(IMethodSymbol method) =>
        !method.DeclaringSyntaxReferences.IsEmpty && !string.Equals(method.ContainingType?.Name, "StableMath", StringComparison.Ordinal);
}
