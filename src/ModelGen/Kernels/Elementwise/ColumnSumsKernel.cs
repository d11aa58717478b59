using System.Numerics;

namespace ModelGen.Kernels;

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
