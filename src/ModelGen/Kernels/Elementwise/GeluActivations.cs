namespace ModelGen.Kernels;

/// <summary>Exact GELU: f = z·Φ(z), f' = Φ(z) + z·φ(z) with φ(z) = exp(-z²/2)/√(2π).</summary>
internal readonly struct GeluActivation : IActivation
{
    private const double InverseSqrtTwoPi = 0.39894228040143267794;

    public static bool UsesInput => true;
    public static bool UsesOutput => false;

    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha)
        => TOps.Multiply(z, ErrorFunction<TVec, T, TOps>.NormalCdf(z, out _));

    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
    {
        TVec cdf = ErrorFunction<TVec, T, TOps>.NormalCdf(z, out TVec gaussian);
        TVec density = TOps.Multiply(gaussian, VectorMath<TVec, T, TOps>.Constant(InverseSqrtTwoPi));
        return TOps.Multiply(dy, TOps.MultiplyAdd(z, density, cdf));
    }
}

/// <summary>
/// GELU's tanh approximation, evaluated as f = z·σ(2u) with u = √(2/π)(z + 0.044715z³), which equals
/// ½z(1 + tanh u) but has no cancellation for negative z. f' = σ(2u) + z·σ(2u)(1 - σ(2u))·2u'.
/// </summary>
internal readonly struct GeluTanhActivation : IActivation
{
    private const double SqrtTwoOverPi = 0.79788456080286535588;
    private const double CubicCoefficient = 0.044715;

    /// <summary>Beyond |z| = 100, σ(2u) is exactly 0 or 1 in double; clamping keeps z³ finite.</summary>
    private const double SaturationLimit = 100;

    public static bool UsesInput => true;
    public static bool UsesOutput => false;

    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha)
        => TOps.Multiply(z, VectorMath<TVec, T, TOps>.Sigmoid(TwiceInner<TVec, T, TOps>(Clamp<TVec, T, TOps>(z))));

    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
    {
        TVec clamped = Clamp<TVec, T, TOps>(z);
        VectorMath<TVec, T, TOps>.SigmoidAndComplement(TwiceInner<TVec, T, TOps>(clamped), out TVec sigmoid, out TVec complement);
        // d(2u)/dz = 2√(2/π)(1 + 3·0.044715·z²)
        TVec square = TOps.Multiply(clamped, clamped);
        TVec innerSlope = TOps.MultiplyAdd(square, VectorMath<TVec, T, TOps>.Constant(2 * SqrtTwoOverPi * 3 * CubicCoefficient),
            VectorMath<TVec, T, TOps>.Constant(2 * SqrtTwoOverPi));
        // Bounded factors first, z last: a saturated sigmoid gives exactly 0, never inf·0.
        TVec slopeTerm = TOps.Multiply(TOps.Multiply(TOps.Multiply(sigmoid, complement), innerSlope), z);
        return TOps.Multiply(dy, TOps.Add(sigmoid, slopeTerm));
    }

    /// <summary>2u = 2√(2/π)·z·(1 + 0.044715z²).</summary>
    private static TVec TwiceInner<TVec, T, TOps>(TVec z)
        where TVec : struct
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec cubicFactor = TOps.MultiplyAdd(TOps.Multiply(z, z), VectorMath<TVec, T, TOps>.Constant(CubicCoefficient),
            VectorMath<TVec, T, TOps>.One);
        return TOps.Multiply(TOps.Multiply(z, VectorMath<TVec, T, TOps>.Constant(2 * SqrtTwoOverPi)), cubicFactor);
    }

    private static TVec Clamp<TVec, T, TOps>(TVec z)
        where TVec : struct
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec limit = VectorMath<TVec, T, TOps>.Constant(SaturationLimit);
        return TOps.Min(TOps.Max(z, TOps.Negate(limit)), limit);
    }
}
