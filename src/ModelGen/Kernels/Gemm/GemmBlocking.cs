using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Cache blocking for one tier/type/tile. All values are JIT-time constants derived from the tile
/// and element size, sized for the cache each block must live in:
/// a KC × NR sliver of packed B stays in L1 while the micro-kernel sweeps down an MC-row block of
/// packed A, which stays in L2; the KC × NC panel of packed B is shared by all those blocks and
/// lives in L2/L3.
/// </summary>
internal static class GemmBlocking<TOps, TVec, T, TTile>
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
{
    /// <summary>Budget for the B sliver (KC × NR) in L1 (48 KiB on Zen 5; leaves room for A and C).</summary>
    private const int L1SliverBytes = 32 * 1024;
    /// <summary>Budget for the packed A block (MC × KC) in L2 (1 MiB per core).</summary>
    private const int L2BlockBytes = 512 * 1024;

    /// <summary>Rows of the register tile.</summary>
    public static int MR
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TTile.Rows;
    }

    /// <summary>Columns of the register tile.</summary>
    public static int NR
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TTile.Vectors * TOps.Count;
    }

    /// <summary>Largest K block.</summary>
    public static unsafe int KC
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Tune.KC > 0 ? Tune.KC : Math.Clamp(L1SliverBytes / (NR * sizeof(T)), 64, 512);
    }

    /// <summary>Rows of A packed together (a multiple of MR).</summary>
    public static unsafe int MC
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Tune.MC > 0 ? Tune.MC : L2BlockBytes / (KC * sizeof(T)) / MR * MR;
    }

    /// <summary>Columns of B packed together (a multiple of NR).</summary>
    public static int NC
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Tune.NC > 0 ? Tune.NC : 4096 / NR * NR;
    }

    /// <summary>
    /// Splits K into blocks of at most KC of nearly equal size, so no block is a tiny remainder.
    /// Depends on k alone: every thread and every output block uses the same split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int KBlockSize(int k)
    {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }
}

internal static class Tune
{
    public static readonly int KC = int.Parse(Environment.GetEnvironmentVariable("G_KC") ?? "0");
    public static readonly int MC = int.Parse(Environment.GetEnvironmentVariable("G_MC") ?? "0");
    public static readonly int NC = int.Parse(Environment.GetEnvironmentVariable("G_NC") ?? "0");
    public static readonly bool SkipA = Environment.GetEnvironmentVariable("G_SKIPA") == "1";
    public static readonly bool SkipB = Environment.GetEnvironmentVariable("G_SKIPB") == "1";
    public static readonly bool Huge = Environment.GetEnvironmentVariable("G_HUGE") == "1";
    public static readonly bool NoLoadC = Environment.GetEnvironmentVariable("G_NOLOADC") == "1";
    public static readonly int DA = int.Parse(Environment.GetEnvironmentVariable("G_DA") ?? "256");
    public static readonly int DB = int.Parse(Environment.GetEnvironmentVariable("G_DB") ?? "128");
}
