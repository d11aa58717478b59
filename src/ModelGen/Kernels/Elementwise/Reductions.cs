using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>Reductions over contiguous or strided data, vectorized at <see cref="Simd.Active"/>.</summary>
public static unsafe class Reductions
{
    /// <summary>
    /// sums[j] = Σ_i x[i*ldx + j] for j &lt; cols (added to the existing sums when
    /// <paramref name="accumulate"/>): the bias gradient of a dense layer.
    /// </summary>
    public static void ColumnSums<T>(T* x, int rows, int cols, int ldx, T* sums, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(rows, nameof(rows));
        VectorKernel.RequireNonNegative(cols, nameof(cols));
        if (ldx < cols && rows > 1)
            throw new ArgumentOutOfRangeException(nameof(ldx), ldx, $"ldx must be >= cols ({cols}).");
        var kernel = new ColumnSumsKernel<T> { Matrix = x, Rows = rows, Columns = cols, Stride = ldx, Sums = sums, Accumulate = accumulate };
        VectorKernel.Run<T, ColumnSumsKernel<T>>(ref kernel);
    }

    /// <summary>Σ x[i]², accumulated block-wise in double so that long float arrays keep their precision.</summary>
    public static T SumOfSquares<T>(T* x, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        var kernel = new BlockedSumKernel<T, SquareTerm<T>> { Term = new SquareTerm<T> { Values = x }, Count = count };
        VectorKernel.Run<T, BlockedSumKernel<T, SquareTerm<T>>>(ref kernel);
        return T.CreateTruncating(kernel.Total);
    }

    /// <summary>True when no element is NaN or ±infinity.</summary>
    public static bool AllFinite<T>(T* x, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        var kernel = new AllFiniteKernel<T> { Values = x, Count = count };
        VectorKernel.Run<T, AllFiniteKernel<T>>(ref kernel);
        return kernel.Result;
    }

    private struct SquareTerm<T> : IReductionTerm<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* Values;

        public readonly TVec Evaluate<TVec, TOps>(int i)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec, T>
        {
            TVec v = TOps.Load(Values + i);
            return TOps.Multiply(v, v);
        }
    }
}
