using System.Numerics;

namespace ModelGen.Kernels;

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
