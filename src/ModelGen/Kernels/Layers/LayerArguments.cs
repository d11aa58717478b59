using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>Argument checks shared by the layer kernels; each message names the argument and the fix.</summary>
internal static class LayerArguments
{
    public static void Require<T>(int rows, int width)
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(rows, nameof(rows));
        VectorKernel.RequireNonNegative(width, nameof(width));
    }

    public static void RequirePositive(int value, string paramName)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be >= 1.");
    }

    public static void RequireEpsilon<T>(T epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(epsilon >= T.Zero && T.IsFinite(epsilon)))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and >= 0 (typically 1e-5).");
    }

    public static void RequireInverseTemperature<T>(T inverseTemperature)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(inverseTemperature))
            throw new ArgumentOutOfRangeException(nameof(inverseTemperature), inverseTemperature, "inverseTemperature must be finite (1 for a plain softmax).");
    }
}
