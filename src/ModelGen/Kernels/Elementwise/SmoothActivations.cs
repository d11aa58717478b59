namespace ModelGen.Kernels;

/// <summary>Backward from the output: σ' = y(1 - y).</summary>
internal readonly struct SigmoidActivation : IActivation
{
    public static bool UsesInput => false;
    public static bool UsesOutput => true;
    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha) => VectorMath<TVec, T, TOps>.Sigmoid(z);

    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
        => TOps.Multiply(dy, TOps.Multiply(y, TOps.Subtract(VectorMath<TVec, T, TOps>.One, y)));
}

/// <summary>Backward from the output: tanh' = 1 - y² = (1 - y)(1 + y), which rounds less than 1 - y·y.</summary>
internal readonly struct TanhActivation : IActivation
{
    public static bool UsesInput => false;
    public static bool UsesOutput => true;
    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha) => VectorMath<TVec, T, TOps>.Tanh(z);

    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
    {
        TVec one = VectorMath<TVec, T, TOps>.One;
        return TOps.Multiply(dy, TOps.Multiply(TOps.Subtract(one, y), TOps.Add(one, y)));
    }
}

/// <summary>
/// Backward from the output: softplus'(z) = σ(z) = 1 - e^-y, computed as -expm1(-y) so that it
/// keeps full relative accuracy where y (and σ(z)) are tiny.
/// </summary>
internal readonly struct SoftplusActivation : IActivation
{
    public static bool UsesInput => false;
    public static bool UsesOutput => true;
    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha) => VectorMath<TVec, T, TOps>.Softplus(z);

    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
        => TOps.Multiply(dy, TOps.Negate(VectorMath<TVec, T, TOps>.Expm1(TOps.Negate(y))));
}

/// <summary>f = z·σ(z), f' = σ(z)(1 + z(1 - σ(z))); needs z because f is not invertible.</summary>
internal readonly struct SiluActivation : IActivation
{
    public static bool UsesInput => true;
    public static bool UsesOutput => false;
    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha) => TOps.Multiply(z, VectorMath<TVec, T, TOps>.Sigmoid(z));

    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
    {
        VectorMath<TVec, T, TOps>.SigmoidAndComplement(z, out TVec sigmoid, out TVec complement);
        // σ·z first: where σ underflows to 0 the product is 0 even for huge |z|, never inf·0.
        TVec derivative = TOps.MultiplyAdd(TOps.Multiply(sigmoid, z), complement, sigmoid);
        return TOps.Multiply(dy, derivative);
    }
}
