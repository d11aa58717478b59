using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>Small row and elementwise kernels of graph-form models: row sums, their broadcast back, affine maps.</summary>
public static unsafe class GraphKernels
{
    /// <summary>y[r] = Σ_c x[r, c], summed in double.</summary>
    public static void RowSums<T>(T* x, int rows, int width, T* y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            T* row = x + (long)r * width;
            for (int c = 0; c < width; c++) sum += double.CreateTruncating(row[c]);
            y[r] = T.CreateTruncating(sum);
        }
    }

    /// <summary>y[r, c] = x[r]: the backward pass of <see cref="RowSums{T}"/>.</summary>
    public static void BroadcastRows<T>(T* x, int rows, int width, T* y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Backwards over rows: y may start where x does (x[r] is read before row r is written only if r is last).
        for (int r = rows - 1; r >= 0; r--)
        {
            T value = x[r];
            new Span<T>(y + (long)r * width, width).Fill(value);
        }
    }

    /// <summary>y = scale·x + shift (y may equal x).</summary>
    public static void Affine<T>(T* x, T scale, T shift, T* y, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < count; i++) y[i] = T.FusedMultiplyAdd(scale, x[i], shift);
    }

    /// <summary>
    /// Σ x (in double), and the gradient of a mean loss: every element of <paramref name="gradient"/>
    /// is <paramref name="gradScale"/> (1/n, times the loss scale); the gradient may be null.
    /// </summary>
    public static T SumWithGradient<T>(T* x, int count, T* gradient, T gradScale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < count; i++) sum += double.CreateTruncating(x[i]);
        if (gradient != null) new Span<T>(gradient, count).Fill(gradScale);
        return T.CreateTruncating(sum);
    }
}
