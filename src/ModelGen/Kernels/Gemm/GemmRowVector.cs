using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// The single-row product c = a·B (batch-1 inference) with B's rows contiguous. It is bound by
/// reading B once, so nothing is packed: eight vector accumulators walk down eight adjacent column
/// vectors of B at a time, enough independent FMA chains to cover the FMA latency. Each element is
/// the same FMA chain over p as in the tiled path, so results do not depend on which path ran.
/// </summary>
internal static unsafe class GemmRowVector<TOps, TVec, T, TTile>
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
{
    /// <summary>Columns one block covers; thread splits use multiples of it.</summary>
    public static int BlockColumns
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 8 * TOps.Count;
    }

    /// <summary>Computes c[0, colStart..colEnd) over the whole of K; op.M must be 1 and B's rows contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<TEpilogue>(in GemmOperands<T> op, int colStart, int colEnd, ref TEpilogue epilogue)
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        int w = TOps.Count;
        int j = colStart;
        for (; j + BlockColumns <= colEnd; j += BlockColumns)
        {
            EightVectors(op.K, op.A, op.AColStride, op.B + j, op.BRowStride, op.C + j, op.Accumulate);
            if (GemmEpilogue.IsPresent<T, TEpilogue>()) epilogue.Apply(op.C + j, 0, j, BlockColumns);
        }
        for (; j + w <= colEnd; j += w)
        {
            OneVector(op.K, op.A, op.AColStride, op.B + j, op.BRowStride, op.C + j, op.Accumulate);
            if (GemmEpilogue.IsPresent<T, TEpilogue>()) epilogue.Apply(op.C + j, 0, j, w);
        }
        // Fewer columns than a vector: the tiled path pads them safely.
        if (j < colEnd) GemmDriver<TOps, TVec, T, TTile>.MultiplyBlock(op, 0, 1, j, colEnd, ref epilogue);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void EightVectors(int k, T* a, nint aStep, T* b, nint bRow, T* c, bool loadC)
    {
        int w = TOps.Count;
        TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        TVec c4 = TOps.Zero, c5 = TOps.Zero, c6 = TOps.Zero, c7 = TOps.Zero;
        if (loadC)
        {
            c0 = TOps.Load(c); c1 = TOps.Load(c + w); c2 = TOps.Load(c + 2 * w); c3 = TOps.Load(c + 3 * w);
            c4 = TOps.Load(c + 4 * w); c5 = TOps.Load(c + 5 * w); c6 = TOps.Load(c + 6 * w); c7 = TOps.Load(c + 7 * w);
        }
        for (int p = 0; p < k; p++)
        {
            TVec x = TOps.Broadcast(*a);
            c0 = TOps.MultiplyAdd(x, TOps.Load(b), c0);
            c1 = TOps.MultiplyAdd(x, TOps.Load(b + w), c1);
            c2 = TOps.MultiplyAdd(x, TOps.Load(b + 2 * w), c2);
            c3 = TOps.MultiplyAdd(x, TOps.Load(b + 3 * w), c3);
            c4 = TOps.MultiplyAdd(x, TOps.Load(b + 4 * w), c4);
            c5 = TOps.MultiplyAdd(x, TOps.Load(b + 5 * w), c5);
            c6 = TOps.MultiplyAdd(x, TOps.Load(b + 6 * w), c6);
            c7 = TOps.MultiplyAdd(x, TOps.Load(b + 7 * w), c7);
            a += aStep;
            b += bRow;
        }
        TOps.Store(c, c0); TOps.Store(c + w, c1); TOps.Store(c + 2 * w, c2); TOps.Store(c + 3 * w, c3);
        TOps.Store(c + 4 * w, c4); TOps.Store(c + 5 * w, c5); TOps.Store(c + 6 * w, c6); TOps.Store(c + 7 * w, c7);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void OneVector(int k, T* a, nint aStep, T* b, nint bRow, T* c, bool loadC)
    {
        TVec sum = loadC ? TOps.Load(c) : TOps.Zero;
        for (int p = 0; p < k; p++)
        {
            sum = TOps.MultiplyAdd(TOps.Broadcast(*a), TOps.Load(b), sum);
            a += aStep;
            b += bRow;
        }
        TOps.Store(c, sum);
    }
}
