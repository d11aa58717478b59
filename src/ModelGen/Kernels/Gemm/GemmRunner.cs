namespace ModelGen.Kernels;

/// <summary>
/// Runs one matrix product at one SIMD tier: picks the path (single row or tiled) and splits large
/// products over <see cref="KernelThreads.Count"/> threads. Threads get disjoint blocks of whole
/// tiles, and every path computes each element as the same FMA chain over K, so the result is
/// bit-identical whatever the thread count.
/// </summary>
internal static unsafe class GemmRunner<TOps, TVec, T, TTile>
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
{
    /// <summary>
    /// Multiply-adds below which one thread is faster: handing work to a spinning worker costs a few
    /// microseconds, a product of this size takes about ten on one core.
    /// </summary>
    private const long ParallelMinMultiplyAdds = 1L << 21;

    public static void Run<TEpilogue>(in GemmOperands<T> op, ref TEpilogue epilogue)
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        int threads = KernelThreads.Count;
        if (threads == 1 || (long)op.M * op.N * op.K < ParallelMinMultiplyAdds)
        {
            RunBlock(op, 0, op.M, 0, op.N, ref epilogue);
            return;
        }

        var split = GemmSplit.Choose(op.M, op.N, threads, UsesRowVector(op) ? 1 : GemmBlocking<TOps, TVec, T, TTile>.MR,
            UsesRowVector(op) ? GemmRowVector<TOps, TVec, T, TTile>.BlockColumns : GemmBlocking<TOps, TVec, T, TTile>.NR);
        if (split.Parts == 1)
        {
            RunBlock(op, 0, op.M, 0, op.N, ref epilogue);
            return;
        }
        var job = GemmParallelJob<TOps, TVec, T, TTile, TEpilogue>.ForCurrentThread;
        job.Prepare(op, split, epilogue);
        try
        {
            WorkerPool.Shared.Run(job, split.Parts);
        }
        finally
        {
            // Hand back whatever state the epilogue accumulated while the parts ran.
            epilogue = job.Finish();
        }
    }

    /// <summary>Computes one output block completely on the calling thread.</summary>
    public static void RunBlock<TEpilogue>(in GemmOperands<T> op, int rowStart, int rowEnd, int colStart, int colEnd,
        ref TEpilogue epilogue)
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        if (UsesRowVector(op))
            GemmRowVector<TOps, TVec, T, TTile>.Multiply(op, colStart, colEnd, ref epilogue);
        else
            GemmDriver<TOps, TVec, T, TTile>.MultiplyBlock(op, rowStart, rowEnd, colStart, colEnd, ref epilogue);
    }

    private static bool UsesRowVector(in GemmOperands<T> op) => op.M == 1 && op.BRowsContiguous;
}
