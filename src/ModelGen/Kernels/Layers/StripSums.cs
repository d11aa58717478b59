using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>A per-element term of a column sum; lanes are adjacent columns, so per-column constants are vectors.</summary>
internal interface IStripTerm<TVec>
    where TVec : struct
{
    /// <summary>The term for the element at offset <paramref name="at"/> (row·width + first column of the strip).</summary>
    TVec Evaluate(long at);
}

/// <summary>
/// Sums down a strip of one vector of adjacent columns. Rows add in blocks whose partial sums are
/// then added, so a float sum's rounding grows with the block length plus the number of blocks
/// rather than with the batch size.
/// </summary>
internal static class StripSum<TVec, T, TOps>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    private const int RowsPerBlock = 32;

    public static TVec Sum<TTerm>(TTerm term, int column, int rows, int width)
        where TTerm : struct, IStripTerm<TVec>
    {
        TVec total = TOps.Zero;
        for (int blockStart = 0; blockStart < rows; blockStart += RowsPerBlock)
        {
            int blockEnd = Math.Min(rows, blockStart + RowsPerBlock);
            TVec block = TOps.Zero;
            for (int r = blockStart; r < blockEnd; r++)
                block = TOps.Add(block, term.Evaluate((long)r * width + column));
            total = TOps.Add(total, block);
        }
        return total;
    }
}

internal unsafe struct StripValue<TVec, T, TOps>(T* values) : IStripTerm<TVec>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    public readonly TVec Evaluate(long at) => TOps.Load(values + at);
}

/// <summary>x - shift, or (x - shift)² when <paramref name="squared"/>.</summary>
internal unsafe struct StripDeviation<TVec, T, TOps>(T* x, TVec shift, bool squared) : IStripTerm<TVec>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    public readonly TVec Evaluate(long at)
    {
        TVec d = TOps.Subtract(TOps.Load(x + at), shift);
        return squared ? TOps.Multiply(d, d) : d;
    }
}

/// <summary>dy·x̂ with x̂ = (x - mean)·invStd: the gamma gradient's term.</summary>
internal unsafe struct StripGradientTimesNormalized<TVec, T, TOps>(T* dy, T* x, TVec mean, TVec invStd) : IStripTerm<TVec>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    public readonly TVec Evaluate(long at)
        => TOps.Multiply(TOps.Load(dy + at), TOps.Multiply(TOps.Subtract(TOps.Load(x + at), mean), invStd));
}
