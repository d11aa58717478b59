using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Elementwise and row-wise tensor operations with their backward passes, vectorized at
/// <see cref="Simd.Active"/>. Outputs may alias inputs where noted: each element (or each row, for
/// the row-wise ones) is read before it is written. Backward passes overwrite their outputs.
/// </summary>
public static unsafe class TensorOps
{
    /// <summary>y = a + b; y may alias a or b.</summary>
    public static void Add<T>(T* a, T* b, T* y, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, AddMap>(a, b, y, T.Zero, count);

    /// <summary>y = a - b; y may alias a or b.</summary>
    public static void Subtract<T>(T* a, T* b, T* y, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, SubtractMap>(a, b, y, T.Zero, count);

    /// <summary>y = a ⊙ b; y may alias a or b.</summary>
    public static void Multiply<T>(T* a, T* b, T* y, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, MultiplyMap>(a, b, y, T.Zero, count);

    /// <summary>y = alpha·x; y may alias x.</summary>
    public static void Scale<T>(T* x, T alpha, T* y, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, ScaleMap>(x, null, y, alpha, count);

    /// <summary>destination += source.</summary>
    public static void Accumulate<T>(T* destination, T* source, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, AddMap>(destination, source, destination, T.Zero, count);

    /// <summary>destination = source; overlapping ranges are copied as if through a temporary.</summary>
    public static void Copy<T>(T* source, T* destination, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        long bytes = (long)count * sizeof(T);
        Buffer.MemoryCopy(source, destination, bytes, bytes);
    }

    /// <summary>
    /// Copies columns [sourceOffset, sourceOffset + width) of each source row (stride sourceWidth)
    /// to columns [destinationOffset, destinationOffset + width) of the destination rows (stride
    /// destinationWidth): the forward of a concatenation and the gradient slice of its backward.
    /// </summary>
    public static void CopyColumns<T>(T* source, int rows, int sourceWidth, int sourceOffset, T* destination, int destinationWidth, int destinationOffset, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(rows, nameof(rows));
        VectorKernel.RequireNonNegative(width, nameof(width));
        RequireBlock(sourceWidth, sourceOffset, width, nameof(sourceOffset));
        RequireBlock(destinationWidth, destinationOffset, width, nameof(destinationOffset));
        long bytes = (long)width * sizeof(T);
        for (int r = 0; r < rows; r++)
            Buffer.MemoryCopy(source + (long)r * sourceWidth + sourceOffset, destination + (long)r * destinationWidth + destinationOffset, bytes, bytes);
    }

    /// <summary>y = ln x.</summary>
    public static void Log<T>(T* x, T* y, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, LogMap>(x, null, y, T.Zero, count);

    /// <summary>dx = dy / x.</summary>
    public static void LogBackward<T>(T* x, T* dy, T* dx, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, DivideMap>(dy, x, dx, T.Zero, count);

    /// <summary>y = eˣ.</summary>
    public static void Exp<T>(T* x, T* y, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, ExpMap>(x, null, y, T.Zero, count);

    /// <summary>dx = dy ⊙ y, y being the forward output.</summary>
    public static void ExpBackward<T>(T* y, T* dy, T* dx, int count) where T : unmanaged, IFloatingPointIeee754<T>
        => Map<T, MultiplyMap>(dy, y, dx, T.Zero, count);

    /// <summary>Row softmax of x·inverseTemperature, shifted by the row maximum (no overflow for any finite x); y may alias x.</summary>
    public static void Softmax<T>(T* x, int rows, int width, T inverseTemperature, T* y) where T : unmanaged, IFloatingPointIeee754<T>
        => RowWise(x, null, rows, width, inverseTemperature, y, RowOperation.Softmax);

    /// <summary>dx = invT·y ⊙ (dy − Σ_j dy_j·y_j) from the softmax output y.</summary>
    public static void SoftmaxBackward<T>(T* y, T* dy, int rows, int width, T inverseTemperature, T* dx) where T : unmanaged, IFloatingPointIeee754<T>
        => RowWise(y, dy, rows, width, inverseTemperature, dx, RowOperation.SoftmaxBackward);

    /// <summary>y = invT·x − logsumexp(invT·x), computed from max-shifted terms; y may alias x.</summary>
    public static void LogSoftmax<T>(T* x, int rows, int width, T inverseTemperature, T* y) where T : unmanaged, IFloatingPointIeee754<T>
        => RowWise(x, null, rows, width, inverseTemperature, y, RowOperation.LogSoftmax);

    /// <summary>dx = invT·(dy − exp(y)·Σ_j dy_j) from the log-softmax output y.</summary>
    public static void LogSoftmaxBackward<T>(T* y, T* dy, int rows, int width, T inverseTemperature, T* dx) where T : unmanaged, IFloatingPointIeee754<T>
        => RowWise(y, dy, rows, width, inverseTemperature, dx, RowOperation.LogSoftmaxBackward);

    /// <summary>y[r] = ln Σ_c exp(x[r, c]), shifted by the row maximum; y has rows entries.</summary>
    public static void LogSumExp<T>(T* x, int rows, int width, T* y) where T : unmanaged, IFloatingPointIeee754<T>
        => RowWise(x, null, rows, width, T.One, y, RowOperation.LogSumExp);

    /// <summary>dx[r, c] = dy[r]·exp(x[r, c] − y[r]), y being the forward output.</summary>
    public static void LogSumExpBackward<T>(T* x, T* y, T* dy, int rows, int width, T* dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        LayerArguments.Require<T>(rows, width);
        var kernel = new LogSumExpBackwardKernel<T> { X = x, Y = y, OutputGradient = dy, Rows = rows, Width = width, InputGradient = dx };
        VectorKernel.Run<T, LogSumExpBackwardKernel<T>>(ref kernel);
    }

    private static void Map<T, TMap>(T* a, T* b, T* y, T alpha, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : struct, IElementwiseMap
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        var kernel = new ElementwiseMapKernel<T, TMap> { A = a, B = b, Y = y, Alpha = alpha, Count = count };
        VectorKernel.Run<T, ElementwiseMapKernel<T, TMap>>(ref kernel);
    }

    private static void RowWise<T>(T* x, T* dy, int rows, int width, T inverseTemperature, T* y, RowOperation operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LayerArguments.Require<T>(rows, width);
        LayerArguments.RequireInverseTemperature(inverseTemperature);
        var kernel = new RowSoftmaxFamilyKernel<T>
        {
            X = x, OutputGradient = dy, Rows = rows, Width = width, InverseTemperature = inverseTemperature, Y = y, Operation = operation,
        };
        VectorKernel.Run<T, RowSoftmaxFamilyKernel<T>>(ref kernel);
    }

    private static void RequireBlock(int rowWidth, int offset, int width, string offsetName)
    {
        if (offset < 0 || (long)offset + width > rowWidth)
            throw new ArgumentOutOfRangeException(offsetName, offset,
                $"Columns [{offset}, {(long)offset + width}) do not fit in rows of width {rowWidth}; {offsetName} must be in [0, {rowWidth - width}].");
    }
}
