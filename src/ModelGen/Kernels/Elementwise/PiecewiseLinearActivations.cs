namespace ModelGen.Kernels;

internal readonly struct IdentityActivation : IActivation
{
    public static bool UsesInput => false;
    public static bool UsesOutput => false;
    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha) => z;
    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha) => dy;
}

/// <summary>y &gt; 0 exactly where z &gt; 0, so the output suffices for the backward pass.</summary>
internal readonly struct ReluActivation : IActivation
{
    public static bool UsesInput => false;
    public static bool UsesOutput => true;
    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha) => TOps.Max(z, TOps.Zero);

    // Selecting (not multiplying by 0/1) passes exactly zero where the unit is off, even for inf dy.
    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
        => TOps.Select(VectorMath<TVec, T, TOps>.IsPositive(y), dy, TOps.Zero);
}

/// <summary>With alpha &gt;= 0 (enforced by <see cref="Activations"/>) y keeps the sign of z.</summary>
internal readonly struct LeakyReluActivation : IActivation
{
    public static bool UsesInput => false;
    public static bool UsesOutput => true;

    static TVec IActivation.Forward<TVec, T, TOps>(TVec z, TVec alpha)
        => TOps.Select(VectorMath<TVec, T, TOps>.IsPositive(z), z, TOps.Multiply(alpha, z));

    static TVec IActivation.Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
        => TOps.Select(VectorMath<TVec, T, TOps>.IsPositive(y), dy, TOps.Multiply(alpha, dy));
}
