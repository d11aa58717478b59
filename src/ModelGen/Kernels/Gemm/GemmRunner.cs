using System.Runtime.CompilerServices;

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
    /// Multiply-adds below which a product stays on the calling thread. On an idle machine, with the
    /// worker still spinning from the previous call, two threads already win from about 2^18
    /// (64×128×64 = 2^19: 1.3× faster; 32×64×64 = 2^17: 10 % slower). But a product of a few
    /// microseconds split in two stalls badly whenever the other core is busy with another process
    /// (measured 2× slower), so the digits-sized products (2^19) stay single-threaded and splitting
    /// starts at 2^20 (128³, batch-1 1×1024×1024).
    /// </summary>
    private const long ParallelMinMultiplyAdds = 1L << 20;

    // Fully optimized from the first call: tier-0 code here would add microseconds to small products.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TEpilogue>(in GemmOperands<T> op, ref TEpilogue epilogue)
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        int threads = KernelThreads.Count;
        // A product started from an epilogue stays on its thread: the parallel job object of this
        // thread may still be in use by the product that called the epilogue.
        if (threads == 1 || (long)op.M * op.N * op.K < ParallelMinMultiplyAdds || GemmNesting.Depth > 0)
        {
            RunBlock(op, 0, op.M, 0, op.N, ref epilogue);
            return;
        }

        // Bands are cut at tile boundaries (or row-vector blocks), so no thread ever computes a tile
        // that another thread's band also touches.
        bool rowVector = UsesRowVector(op);
        int rowUnit = rowVector ? 1 : GemmBlocking<TOps, TVec, T, TTile>.MR;
        int columnUnit = rowVector ? GemmRowVector<TOps, TVec, T, TTile>.BlockColumns : GemmBlocking<TOps, TVec, T, TTile>.NR;
        var split = GemmSplit.Choose(op.M, op.N, (long)op.M * op.N * op.K, threads, rowUnit, columnUnit);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunBlock<TEpilogue>(in GemmOperands<T> op, int rowStart, int rowEnd, int colStart, int colEnd,
        ref TEpilogue epilogue)
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        GemmNesting.Depth++;
        try
        {
            if (UsesRowVector(op))
                GemmRowVector<TOps, TVec, T, TTile>.Multiply(op, colStart, colEnd, ref epilogue);
            else
                GemmDriver<TOps, TVec, T, TTile>.MultiplyBlock(op, rowStart, rowEnd, colStart, colEnd, ref epilogue);
        }
        finally
        {
            GemmNesting.Depth--;
        }
    }

    private static bool UsesRowVector(in GemmOperands<T> op) => op.M == 1 && op.BRowsContiguous;
}

/// <summary>How many products are running on the calling thread (more than one only from an epilogue).</summary>
internal static class GemmNesting
{
    [ThreadStatic] public static int Depth;
}
