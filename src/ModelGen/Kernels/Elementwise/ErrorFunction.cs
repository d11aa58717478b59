using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// erf, erfc and the standard normal CDF, vectorized, accurate to a few ulp in float and double.
/// <para>
/// Two pieces, both evaluated and selected per lane: below |x| = 1/2, erf(x) = x·P(x²); from 1/2 up,
/// erfc(a) = exp(-a²)·erfcx(a) where erfcx(a) = exp(a²)·erfc(a) is smooth and slowly varying, so
/// one polynomial in t = (a - K)/(a + K) covers all of [1/2, underflow] (see fit_polynomials.py).
/// The square in exp(-a²) is formed exactly in two parts, because rounding a² (up to 756) would
/// otherwise cost up to ~80 ulp of relative accuracy in the far tail.
/// </para>
/// </summary>
internal static class ErrorFunction<TVec, T, TOps>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    private const double InverseSqrt2 = 0.70710678118654752440;

    /// <summary>Where erfc drops below the smallest subnormal of <typeparamref name="T"/>.</summary>
    private static double UnderflowLimit => typeof(T) == typeof(float)
        ? PolynomialCoefficients.ErfcUnderflowSingle
        : PolynomialCoefficients.ErfcUnderflowDouble;

    public static TVec Erf(TVec x)
    {
        TVec a = TOps.Min(TOps.Abs(x), VectorMath<TVec, T, TOps>.Constant(UnderflowLimit));
        TVec complement = ComplementOfMagnitude(a);
        TVec tail = VectorMath<TVec, T, TOps>.CopySign(TOps.Subtract(VectorMath<TVec, T, TOps>.One, complement), x);
        TVec central = TOps.Multiply(x, ErfOverX(x));
        return TOps.Select(IsCentral(a), central, tail);
    }

    public static TVec Erfc(TVec x)
    {
        TVec one = VectorMath<TVec, T, TOps>.One;
        TVec a = TOps.Min(TOps.Abs(x), VectorMath<TVec, T, TOps>.Constant(UnderflowLimit));
        TVec complement = ComplementOfMagnitude(a);
        // erfc(-a) = 2 - erfc(a): no cancellation, since erfc(a) <= erfc(1/2) < 1 here.
        TVec tail = TOps.Select(VectorMath<TVec, T, TOps>.IsPositive(x), complement,
            TOps.Subtract(VectorMath<TVec, T, TOps>.Constant(2), complement));
        TVec central = TOps.Subtract(one, TOps.Multiply(x, ErfOverX(x)));
        return TOps.Select(IsCentral(a), central, tail);
    }

    /// <summary>
    /// Φ(z) = ½·erfc(-z/√2), the standard normal CDF, plus <paramref name="gaussian"/> = exp(-z²/2)
    /// (the normal density times √(2π)), which GELU's derivative needs and the tail shares. The
    /// exponent is taken from z itself, not from the rounded z/√2, for full accuracy in the tails.
    /// </summary>
    public static TVec NormalCdf(TVec z, out TVec gaussian)
    {
        TVec half = VectorMath<TVec, T, TOps>.Constant(0.5);
        // Beyond ±limit Φ is exactly 0 or 1 and exp(-z²/2) is exactly 0; clamping keeps the exact
        // square finite.
        TVec limit = VectorMath<TVec, T, TOps>.Constant(UnderflowLimit / InverseSqrt2);
        TVec clamped = TOps.Min(TOps.Max(z, TOps.Negate(limit)), limit);
        VectorMath<TVec, T, TOps>.ExactSquare(clamped, out TVec squareHi, out TVec squareLo);
        gaussian = VectorMath<TVec, T, TOps>.ExpOfNegativeTwoPart(TOps.Multiply(squareHi, half), TOps.Multiply(squareLo, half));

        TVec x = TOps.Multiply(clamped, VectorMath<TVec, T, TOps>.Constant(InverseSqrt2));
        TVec a = TOps.Abs(x);
        TVec central = TOps.MultiplyAdd(TOps.Multiply(x, half), ErfOverX(x), half);
        TVec smallerTail = TOps.Multiply(TOps.Multiply(gaussian, half), ScaledComplement(a));
        TVec tail = TOps.Select(VectorMath<TVec, T, TOps>.IsPositive(clamped),
            TOps.Subtract(VectorMath<TVec, T, TOps>.One, smallerTail), smallerTail);
        return TOps.Select(IsCentral(a), central, tail);
    }

    private static TVec IsCentral(TVec magnitude)
        => VectorMath<TVec, T, TOps>.IsBelow(magnitude, PolynomialCoefficients.ErfPolynomialLimit);

    /// <summary>erf(x)/x for |x| &lt; 1/2.</summary>
    private static TVec ErfOverX(TVec x)
        => VectorMath<TVec, T, TOps>.Horner(TOps.Multiply(x, x), VectorMath<TVec, T, TOps>.Coefficients(
            PolynomialCoefficients.ErfSmallSingle, PolynomialCoefficients.ErfSmallDouble));

    /// <summary>erfc(a) for 1/2 &lt;= a &lt;= the underflow limit.</summary>
    private static TVec ComplementOfMagnitude(TVec a)
    {
        VectorMath<TVec, T, TOps>.ExactSquare(a, out TVec squareHi, out TVec squareLo);
        return TOps.Multiply(VectorMath<TVec, T, TOps>.ExpOfNegativeTwoPart(squareHi, squareLo), ScaledComplement(a));
    }

    /// <summary>erfcx(a) = exp(a²)·erfc(a) = P(t)/(a + K) with t = (a - K)/(a + K).</summary>
    private static TVec ScaledComplement(TVec a)
    {
        TVec centre = VectorMath<TVec, T, TOps>.Constant(PolynomialCoefficients.ErfcTailCentre);
        TVec reciprocal = TOps.Divide(VectorMath<TVec, T, TOps>.One, TOps.Add(a, centre));
        TVec t = TOps.Multiply(TOps.Subtract(a, centre), reciprocal);
        TVec p = VectorMath<TVec, T, TOps>.Horner(t, VectorMath<TVec, T, TOps>.Coefficients(
            PolynomialCoefficients.ErfcxTailSingle, PolynomialCoefficients.ErfcxTailDouble));
        return TOps.Multiply(p, reciprocal);
    }
}
