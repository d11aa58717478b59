using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// The per-element term of a sum computed by <see cref="BlockedSumKernel{T, TTerm}"/>. It may also
/// write per-element side results (a loss writes its gradient here).
/// </summary>
internal interface IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>;
}

/// <summary>
/// Σ term(i) for i &lt; Count. Each lane accumulates in T over a block of <see cref="VectorsPerBlock"/>
/// vectors only, and block sums add up in double: a float sum's rounding no longer grows with the
/// length (summing 10^6 equal floats is off by ~1e-7 relative instead of ~1e-2).
/// </summary>
internal struct BlockedSumKernel<T, TTerm> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TTerm : struct, IReductionTerm<T>
{
    private const int VectorsPerBlock = 32;

    public TTerm Term;
    public int Count;
    public double Total;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Sum<TVec, TOps>(0, out double vectorTotal);
        Sum<T, ScalarOps<T>>(done, out double tailTotal);
        Total = vectorTotal + tailTotal;
    }

    private readonly int Sum<TVec, TOps>(int start, out double total)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TTerm term = Term;
        int count = Count;
        total = 0;
        int i = start;
        while (i <= count - TOps.Count)
        {
            int blockLast = Math.Min(count, i + VectorsPerBlock * TOps.Count) - TOps.Count;
            TVec lanes = TOps.Zero;
            for (; i <= blockLast; i += TOps.Count)
                lanes = TOps.Add(lanes, term.Evaluate<TVec, TOps>(i));
            total += double.CreateTruncating(TOps.Sum(lanes));
        }
        return i;
    }
}

/// <summary>
/// x - x is 0 for every finite x and NaN for ±inf and NaN, so one running sum of it tells whether
/// a block is finite without any per-element branch. Stops at the first bad block.
/// </summary>
internal unsafe struct AllFiniteKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int BlockLength = 4096;

    public T* Values;
    public int Count;
    public bool Result;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Check<TVec, TOps>(0, out bool finite);
        if (finite)
            Check<T, ScalarOps<T>>(done, out finite);
        Result = finite;
    }

    private readonly int Check<TVec, TOps>(int start, out bool finite)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        T* values = Values;
        int count = Count;
        int i = start;
        while (i <= count - TOps.Count)
        {
            int blockLast = Math.Min(count, i + BlockLength) - TOps.Count;
            TVec differences = TOps.Zero;
            for (; i <= blockLast; i += TOps.Count)
            {
                TVec v = TOps.Load(values + i);
                differences = TOps.Add(differences, TOps.Subtract(v, v));
            }
            if (TOps.Sum(differences) != T.Zero)
            {
                finite = false;
                return i;
            }
        }
        finite = true;
        return i;
    }
}

/// <summary>
/// Column sums of a row-major matrix. Columns go in strips of four vectors held in registers while
/// the rows stream past, so each sum is loaded and stored once.
/// </summary>
internal unsafe struct ColumnSumsKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Matrix;
    public int Rows, Columns, Stride;
    public T* Sums;
    public bool Accumulate;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = WideStrips<TVec, TOps>();
        done = SingleStrips<TVec, TOps>(done);
        SingleStrips<T, ScalarOps<T>>(done);
    }

    private readonly int WideStrips<TVec, TOps>()
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int width = TOps.Count, rows = Rows, stride = Stride;
        bool accumulate = Accumulate;
        int j = 0;
        for (; j <= Columns - 4 * width; j += 4 * width)
        {
            T* sums = Sums + j;
            TVec s0 = accumulate ? TOps.Load(sums) : TOps.Zero;
            TVec s1 = accumulate ? TOps.Load(sums + width) : TOps.Zero;
            TVec s2 = accumulate ? TOps.Load(sums + 2 * width) : TOps.Zero;
            TVec s3 = accumulate ? TOps.Load(sums + 3 * width) : TOps.Zero;
            T* row = Matrix + j;
            for (int i = 0; i < rows; i++, row += stride)
            {
                s0 = TOps.Add(s0, TOps.Load(row));
                s1 = TOps.Add(s1, TOps.Load(row + width));
                s2 = TOps.Add(s2, TOps.Load(row + 2 * width));
                s3 = TOps.Add(s3, TOps.Load(row + 3 * width));
            }
            TOps.Store(sums, s0);
            TOps.Store(sums + width, s1);
            TOps.Store(sums + 2 * width, s2);
            TOps.Store(sums + 3 * width, s3);
        }
        return j;
    }

    private readonly int SingleStrips<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int rows = Rows, stride = Stride;
        bool accumulate = Accumulate;
        int j = start;
        for (; j <= Columns - TOps.Count; j += TOps.Count)
        {
            TVec sum = accumulate ? TOps.Load(Sums + j) : TOps.Zero;
            T* row = Matrix + j;
            for (int i = 0; i < rows; i++, row += stride)
                sum = TOps.Add(sum, TOps.Load(row));
            TOps.Store(Sums + j, sum);
        }
        return j;
    }
}
