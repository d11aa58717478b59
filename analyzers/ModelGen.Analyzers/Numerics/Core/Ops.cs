using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>
/// Reads IOperation trees the way a numerics reviewer reads code: conversions and unary plus are
/// transparent, <c>Math</c>/<c>MathF</c>/<c>double.</c>/<c>float.</c>/<c>Half.</c>/generic-math (<c>T.Log</c>) calls
/// are one function, and <c>Math.Pow(Math.E, x)</c> is <c>Exp(x)</c>.
/// </summary>
internal static class Ops
{
    // Generic math puts T.Log, T.Exp... on these interfaces; `using static System.Math` binds to Math itself.
    private static readonly HashSet<string> MathTypeNames = new(StringComparer.Ordinal)
    {
        "Math", "MathF", "Double", "Single", "Half",
        "ILogarithmicFunctions", "IExponentialFunctions", "IRootFunctions", "IHyperbolicFunctions",
        "ITrigonometricFunctions", "IPowerFunctions", "INumber", "INumberBase", "IFloatingPointIeee754", "IFloatingPoint",
    };

    /// <summary>Drops conversions (implicit or explicit) and unary plus, which never change the numerics we look for.</summary>
    public static IOperation Strip(IOperation op)
    {
        while (true)
        {
            switch (op)
            {
                case IConversionOperation c when c.Operand != null: op = c.Operand; continue;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } u: op = u.Operand; continue;
                default: return op;
            }
        }
    }

    public static bool IsMathType(INamedTypeSymbol? type) =>
        type != null && MathTypeNames.Contains(type.Name) && type.ContainingNamespace?.ToDisplayString() is "System" or "System.Numerics";

    /// <summary>
    /// The function a call computes, normalised: "Exp" for Exp and Pow(E, x), "Log" for Log(x) and Log(x, E),
    /// "LogB" for Log(x, b), otherwise the method name. Null when it is not a BCL/generic math call.
    /// </summary>
    public static string? MathFunction(IOperation op, out IInvocationOperation? call)
    {
        call = Strip(op) as IInvocationOperation;
        if (call == null || !IsMathType(call.TargetMethod.ContainingType)) return null;
        string name = call.TargetMethod.Name;
        if (name == "Pow" && call.Arguments.Length == 2 && IsEulerConstant(call.Arguments[0].Value)) return "Exp";
        if (name == "Log" && call.Arguments.Length == 2) return IsEulerConstant(call.Arguments[1].Value) ? "Log" : "LogB";
        return name;
    }

    public static bool IsCall(IOperation op, string function, out IInvocationOperation call)
    {
        call = null!;
        if (MathFunction(op, out var c) != function) return false;
        call = c!;
        return true;
    }

    public static bool IsCall(IOperation op, string function) => MathFunction(op, out _) == function;

    /// <summary>The argument that carries x: the exponent of Pow(E, x), otherwise the first argument.</summary>
    public static IOperation Arg(IInvocationOperation call, int index = 0)
    {
        if (call.TargetMethod.Name == "Pow" && index == 0) index = 1;
        return call.Arguments[index].Value;
    }

    /// <summary>Exp(x) in any spelling; <paramref name="x"/> is the exponent.</summary>
    public static bool IsExp(IOperation op, out IOperation x)
    {
        x = null!;
        if (!IsCall(op, "Exp", out var call)) return false;
        x = Arg(call);
        return true;
    }

    public static bool IsExp(IOperation op) => IsExp(op, out _);

    /// <summary>Any logarithm: Log, Log(x, b), Log2, Log10 (all share the log(1+x) and log(0) problems).</summary>
    public static bool IsAnyLog(IOperation op, out IInvocationOperation call)
    {
        string? f = MathFunction(op, out var c);
        call = c!;
        return f is "Log" or "LogB" or "Log2" or "Log10";
    }

    public static bool IsEulerConstant(IOperation op)
    {
        op = Strip(op);
        if (op is IFieldReferenceOperation { Field.Name: "E" } f && IsMathType(f.Field.ContainingType)) return true;
        if (op is IPropertyReferenceOperation { Property.Name: "E" } p && IsMathType(p.Property.ContainingType)) return true;
        return Constant(op) is double d && Math.Abs(d - Math.E) < 1e-6;
    }

    /// <summary>The compile-time value of a numeric constant, including generic math's T.One/T.Zero.</summary>
    public static double? Constant(IOperation op)
    {
        op = Strip(op);
        if (op.ConstantValue.HasValue)
        {
            return op.ConstantValue.Value switch
            {
                double d => d, float f => f, int i => i, long l => l, decimal m => (double)m, short s => s, byte b => b, uint u => u, ulong ul => ul,
                _ => null,
            };
        }
        if (op is IPropertyReferenceOperation p && p.Instance == null)
        {
            if (p.Property.Name is "One" or "MultiplicativeIdentity") return 1;
            if (p.Property.Name is "Zero" or "AdditiveIdentity") return 0;
            if (p.Property.Name == "Epsilon" && p.Property.ContainingType.Name == "Half") return 5.960464477539063e-8;
        }
        // A user constant built as (Half)1e-8: the operand of the conversion is the constant.
        if (op is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } neg && Constant(neg.Operand) is double v) return -v;
        return null;
    }

    public static bool IsConstant(IOperation op, double value) => Constant(op) is double d && d == value;

    public static bool IsOne(IOperation op) => IsConstant(op, 1);

    public static bool IsBinary(IOperation op, BinaryOperatorKind kind, out IOperation left, out IOperation right)
    {
        left = right = null!;
        if (Strip(op) is IBinaryOperation b && b.OperatorKind == kind)
        {
            left = b.LeftOperand;
            right = b.RightOperand;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Reads an addition or subtraction as "constant one plus a signed term": 1 + x, x + 1, 1 - x, -x + 1, x - (-1)...
    /// <paramref name="negated"/> says the term enters with a minus sign.
    /// </summary>
    public static bool IsOnePlus(IOperation op, out IOperation term, out bool negated)
    {
        term = null!;
        negated = false;
        op = Strip(op);
        if (IsBinary(op, BinaryOperatorKind.Add, out var l, out var r))
        {
            if (IsOne(l)) term = r;
            else if (IsOne(r)) term = l;
            else return false;
            if (Strip(term) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } u) { term = u.Operand; negated = true; }
            return true;
        }
        if (IsBinary(op, BinaryOperatorKind.Subtract, out l, out r) && IsOne(l))
        {
            term = r;
            negated = true;
            return true;
        }
        return false;
    }

    /// <summary>Exp(x) - 1 in either order (-1 + Exp(x), Exp(x) + (-1)); returns the exponent.</summary>
    public static bool IsExpMinusOne(IOperation op, out IOperation x)
    {
        x = null!;
        op = Strip(op);
        if (IsBinary(op, BinaryOperatorKind.Subtract, out var l, out var r) && IsOne(r) && IsExp(l, out x)) return true;
        if (IsBinary(op, BinaryOperatorKind.Add, out l, out r))
        {
            if (IsConstant(l, -1) && IsExp(r, out x)) return true;
            if (IsConstant(r, -1) && IsExp(l, out x)) return true;
        }
        return false;
    }

    /// <summary>x * x, Pow(x, 2) or Square(x): returns x.</summary>
    public static bool IsSquare(IOperation op, out IOperation x)
    {
        x = null!;
        op = Strip(op);
        if (IsBinary(op, BinaryOperatorKind.Multiply, out var l, out var r) && SameValue(l, r)) { x = Strip(l); return true; }
        if (MathFunction(op, out var call) == "Pow" && call!.Arguments.Length == 2 && IsConstant(call.Arguments[1].Value, 2))
        {
            x = Strip(call.Arguments[0].Value);
            return true;
        }
        return false;
    }

    /// <summary>Two operations read the same value: same local/parameter/field, same element index, or same source text.</summary>
    public static bool SameValue(IOperation a, IOperation b)
    {
        a = Strip(a);
        b = Strip(b);
        if (a.Syntax.IsEquivalentTo(b.Syntax, topLevel: false)) return true;
        return a.Syntax.ToString().Replace(" ", "") == b.Syntax.ToString().Replace(" ", "");
    }

    /// <summary>The numeric element type of an expression, which picks the thresholds (double, float, Half).</summary>
    public static FloatKind KindOf(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => FloatKind.Double,
        SpecialType.System_Single => FloatKind.Single,
        _ when type is ITypeParameterSymbol => FloatKind.Generic,
        _ when type?.Name == "Half" && type.ContainingNamespace?.ToDisplayString() == "System" => FloatKind.Half,
        _ when type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32
            or SpecialType.System_UInt64 or SpecialType.System_Int16 or SpecialType.System_Byte => FloatKind.Integer,
        _ => FloatKind.Other,
    };

    /// <summary>Source spelling of a floating type, for rewrites that must keep the user's element type.</summary>
    public static string? TypeKeyword(ITypeSymbol? type) => KindOf(type) switch
    {
        FloatKind.Double => "double",
        FloatKind.Single => "float",
        FloatKind.Half => "global::System.Half",
        _ => null,
    };

    /// <summary>The method (or lambda owner) whose body contains the operation.</summary>
    public static IOperation Root(IOperation op)
    {
        while (op.Parent != null) op = op.Parent;
        return op;
    }

    /// <summary>The parent, skipping conversions (and C#'s absent parentheses), so "what consumes this value" reads naturally.</summary>
    public static IOperation? Consumer(IOperation op)
    {
        IOperation? p = op.Parent;
        while (p is IConversionOperation) p = p.Parent;
        return p;
    }
}

internal enum FloatKind { Other, Integer, Double, Single, Half, Generic }
