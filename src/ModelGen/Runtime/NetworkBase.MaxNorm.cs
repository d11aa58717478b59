namespace ModelGen.Runtime;

/// <summary>The max-norm weight constraint, applied to the parameters after an optimizer step.</summary>
public abstract unsafe partial class NetworkBase<T>
{
    /// <summary>
    /// Rescales each output unit's incoming weight vector (a column of an [in, out] weight tensor) to
    /// an L2 norm of at most <paramref name="maxNorm"/> (Srebro et al.; Hinton et al.'s dropout
    /// recipe). Biases are left alone. Returns how many columns were rescaled.
    /// </summary>
    public int ApplyMaxNorm(double maxNorm)
    {
        OptionRange.Positive(maxNorm, nameof(maxNorm));
        int rescaled = 0;
        foreach (ParameterInfo tensor in Layers.Tensors)
        {
            if (!ParameterLayers.IsWeight(tensor)) continue;
            T* weights = Parameters + tensor.Offset;
            for (int column = 0; column < tensor.Columns; column++)
            {
                if (ConstrainColumn(weights + column, tensor.Rows, tensor.Columns, maxNorm)) rescaled++;
            }
        }
        return rescaled;
    }

    /// <summary>Rounding the scaled values to T can land a hair above the cap; the scale aims a few units in the last place below it.</summary>
    private static double RoundingMargin => typeof(T) == typeof(float) ? 4e-7 : 4e-16;

    /// <summary>One strided column; the norm is summed in double so a float column's rounding cannot push it past the cap.</summary>
    private static bool ConstrainColumn(T* column, int length, int stride, double maxNorm)
    {
        double squares = 0;
        for (int i = 0; i < length; i++)
        {
            double w = double.CreateTruncating(column[(long)i * stride]);
            squares += w * w;
        }
        double norm = Math.Sqrt(squares);
        // A non-finite column has no meaningful direction to keep; the non-finite guard reports those.
        if (!(norm > maxNorm) || !double.IsFinite(norm)) return false;
        T factor = T.CreateTruncating(maxNorm / norm * (1 - RoundingMargin));
        for (int i = 0; i < length; i++) column[(long)i * stride] *= factor;
        return true;
    }
}
