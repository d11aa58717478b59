using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Kernels;

/// <summary>
/// Numerically careful elementwise building blocks (expm1, log1p, sigmoid, tanh, softplus, exact
/// squares) written once against a SIMD tier. Every function is branch-free: both sides of a
/// piecewise definition are computed and the right one is selected per lane, so the same code runs
/// as scalar tail and as vector body. Lanes that are not selected may hold inf or NaN; that is
/// harmless because selection is bitwise.
/// </summary>
internal static class VectorMath<TVec, T, TOps>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Constant(double value) => TOps.Broadcast(T.CreateTruncating(value));

    public static TVec One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TOps.Broadcast(T.One);
    }

    /// <summary>Lane mask of x &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec IsPositive(TVec x) => TOps.GreaterThan(x, TOps.Zero);

    /// <summary>Lane mask of |x| &lt; limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec IsBelow(TVec x, double limit) => TOps.GreaterThan(Constant(limit), x);

    /// <summary>|magnitude| carrying the sign of <paramref name="signSource"/> (negative zero counts as positive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec CopySign(TVec magnitude, TVec signSource)
        => TOps.Select(TOps.GreaterThan(TOps.Zero, signSource), TOps.Negate(magnitude), magnitude);

    /// <summary>Evaluates a polynomial whose coefficients run from the highest degree down (Horner's rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Horner(TVec x, ReadOnlySpan<T> coefficients)
    {
        TVec result = TOps.Broadcast(coefficients[0]);
        for (int i = 1; i < coefficients.Length; i++)
            result = TOps.MultiplyAdd(result, x, TOps.Broadcast(coefficients[i]));
        return result;
    }

    /// <summary>Chooses the coefficient table matching <typeparamref name="T"/> without copying it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<T> Coefficients(ReadOnlySpan<float> forFloat, ReadOnlySpan<double> forDouble)
    {
        if (typeof(T) == typeof(float))
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<float, T>(ref MemoryMarshal.GetReference(forFloat)), forFloat.Length);
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<double, T>(ref MemoryMarshal.GetReference(forDouble)), forDouble.Length);
    }

    /// <summary>
    /// e^x - 1 without the cancellation of exp(x) - 1 near zero: for |x| &lt; 1/2 a minimax
    /// polynomial x + x²·Q(x); beyond, exp(x) - 1 amplifies the rounding of exp by at most 2.6.
    /// </summary>
    public static TVec Expm1(TVec x)
    {
        TVec nearZero = TOps.MultiplyAdd(TOps.Multiply(x, x),
            Horner(x, Coefficients(PolynomialCoefficients.Expm1QuotientSingle, PolynomialCoefficients.Expm1QuotientDouble)), x);
        TVec far = TOps.Subtract(TOps.Exp(x), One);
        return TOps.Select(IsBelow(TOps.Abs(x), PolynomialCoefficients.Expm1PolynomialLimit), nearZero, far);
    }

    /// <summary>
    /// ln(1 + u) for u &gt; -1. w = 1 + u is rounded, but d = w - 1 is exact, so ln(w)·u/d corrects
    /// the rounding to first order; when 1 + u rounds to 1, ln(1 + u) = u to working precision.
    /// </summary>
    public static TVec Log1p(TVec u)
    {
        TVec w = TOps.Add(One, u);
        TVec d = TOps.Subtract(w, One);
        TVec corrected = TOps.Multiply(TOps.Log(w), TOps.Divide(u, d));
        return TOps.Select(TOps.GreaterThan(TOps.Abs(d), TOps.Zero), corrected, u);
    }

    /// <summary>
    /// σ(x) and 1 - σ(x), both to full relative accuracy for any x: with e = exp(-|x|) ∈ (0, 1]
    /// nothing overflows, and each is either 1/(1+e) or e/(1+e), never a difference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SigmoidAndComplement(TVec x, out TVec sigmoid, out TVec complement)
    {
        TVec e = TOps.Exp(TOps.Negate(TOps.Abs(x)));
        TVec reciprocal = TOps.Divide(One, TOps.Add(One, e));
        TVec small = TOps.Multiply(e, reciprocal);
        TVec positive = IsPositive(x);
        sigmoid = TOps.Select(positive, reciprocal, small);
        complement = TOps.Select(positive, small, reciprocal);
    }

    /// <summary>σ(x) = 1/(1+e^-x), as <see cref="SigmoidAndComplement"/> but with a single division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid(TVec x)
    {
        TVec e = TOps.Exp(TOps.Negate(TOps.Abs(x)));
        return TOps.Divide(TOps.Select(IsPositive(x), One, e), TOps.Add(One, e));
    }

    /// <summary>
    /// tanh(x) = sign(x)·(-m)/(2 + m) with m = expm1(-2|x|) ∈ (-1, 0]: no overflow for any x, and
    /// expm1 keeps full relative accuracy for tiny x where 1 - e^(-2|x|) would cancel.
    /// </summary>
    public static TVec Tanh(TVec x)
    {
        TVec m = Expm1(TOps.Multiply(Constant(-2), TOps.Abs(x)));
        TVec magnitude = TOps.Divide(TOps.Negate(m), TOps.Add(Constant(2), m));
        return CopySign(magnitude, x);
    }

    /// <summary>ln(1 + e^x) = max(x, 0) + log1p(e^-|x|): never overflows, exact limits at both ends.</summary>
    public static TVec Softplus(TVec x)
        => TOps.Add(TOps.Max(x, TOps.Zero), Log1p(TOps.Exp(TOps.Negate(TOps.Abs(x)))));

    /// <summary>
    /// x² as an unevaluated sum hi + lo that is exact (Dekker's product with Veltkamp's split, so it
    /// needs no hardware FMA and every tier gets the same answer). Requires |x| well below
    /// sqrt(max value) / 2^13 (float) or / 2^27 (double); callers clamp first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExactSquare(TVec x, out TVec hi, out TVec lo)
    {
        // 2^12 + 1 splits a 24-bit significand into two halves, 2^27 + 1 a 53-bit one.
        TVec splitter = Constant(typeof(T) == typeof(float) ? 4097.0 : 134217729.0);
        TVec scaled = TOps.Multiply(splitter, x);
        TVec head = TOps.Subtract(scaled, TOps.Subtract(scaled, x));
        TVec tail = TOps.Subtract(x, head);
        hi = TOps.Multiply(x, x);
        TVec headSquareError = TOps.Subtract(TOps.Multiply(head, head), hi);
        TVec crossTerms = TOps.Multiply(TOps.Add(head, head), tail);
        lo = TOps.Add(TOps.Add(headSquareError, crossTerms), TOps.Multiply(tail, tail));
    }

    /// <summary>
    /// exp(-(hi + lo)) for a two-part argument with |lo| tiny next to hi: exp(-hi)·(1 - lo). Keeps
    /// the rounding of a large argument such as x² from becoming a large relative error.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ExpOfNegativeTwoPart(TVec hi, TVec lo)
    {
        TVec e = TOps.Exp(TOps.Negate(hi));
        return TOps.MultiplyAdd(TOps.Negate(e), lo, e);
    }
}
