using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// The register-blocked inner kernel: one <typeparamref name="TTile"/>-shaped tile of C (up to 8 rows
/// × 2 vectors) stays in registers for the whole K loop. Each step loads the B row segment once and
/// broadcasts one A element per row, so every loaded value feeds <c>Vectors</c> or <c>Rows</c> FMAs.
/// Shapes smaller than 8 × 2 come from the same code: the <c>Rows &gt; r</c> tests are JIT-time
/// constants and the unused accumulators are dropped.
/// </summary>
internal static unsafe class GemmMicroKernel<TOps, TVec, T, TTile>
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
{
    /// <summary>
    /// c[r·ldc + j] = (loadC ? c[r·ldc + j] : 0) + Σ_p a[r·aRow + p·aCol] · b[p·bRow + j] for every r &lt; Rows
    /// and j &lt; Vectors·Count, as one FMA chain per element in p order. The strides let A be a packed
    /// sliver (aRow = 1, aCol = Rows) or read in place from either layout, and B be packed (bRow = tile
    /// width) or read in place from a row-major matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, nint aRow, nint aCol, T* b, nint bRow, T* c, nint ldc, bool loadC, T* nextC)
    {
        if (nextC != null) PrefetchTile(nextC, ldc);
        int rows = TTile.Rows;
        int vectors = TTile.Vectors;
        int w = TOps.Count;
        // Every accumulator is declared for the largest shape; the JIT drops the ones a shape never touches.
        TVec c00 = TOps.Zero, c01 = TOps.Zero;
        TVec c10 = TOps.Zero, c11 = TOps.Zero;
        TVec c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero;
        TVec c40 = TOps.Zero, c41 = TOps.Zero;
        TVec c50 = TOps.Zero, c51 = TOps.Zero;
        TVec c60 = TOps.Zero, c61 = TOps.Zero;
        TVec c70 = TOps.Zero, c71 = TOps.Zero;
        if (loadC)
        {
            { c00 = TOps.Load(c); if (vectors > 1) c01 = TOps.Load(c + w); }
            if (rows > 1) { c10 = TOps.Load(c + ldc); if (vectors > 1) c11 = TOps.Load(c + ldc + w); }
            if (rows > 2) { c20 = TOps.Load(c + 2 * ldc); if (vectors > 1) c21 = TOps.Load(c + 2 * ldc + w); }
            if (rows > 3) { c30 = TOps.Load(c + 3 * ldc); if (vectors > 1) c31 = TOps.Load(c + 3 * ldc + w); }
            if (rows > 4) { c40 = TOps.Load(c + 4 * ldc); if (vectors > 1) c41 = TOps.Load(c + 4 * ldc + w); }
            if (rows > 5) { c50 = TOps.Load(c + 5 * ldc); if (vectors > 1) c51 = TOps.Load(c + 5 * ldc + w); }
            if (rows > 6) { c60 = TOps.Load(c + 6 * ldc); if (vectors > 1) c61 = TOps.Load(c + 6 * ldc + w); }
            if (rows > 7) { c70 = TOps.Load(c + 7 * ldc); if (vectors > 1) c71 = TOps.Load(c + 7 * ldc + w); }
        }

        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(b);
            TVec b1 = vectors > 1 ? TOps.Load(b + w) : TOps.Zero;
            TVec x;
            { x = TOps.Broadcast(a[0]); c00 = TOps.MultiplyAdd(x, b0, c00); if (vectors > 1) c01 = TOps.MultiplyAdd(x, b1, c01); }
            if (rows > 1) { x = TOps.Broadcast(a[aRow]); c10 = TOps.MultiplyAdd(x, b0, c10); if (vectors > 1) c11 = TOps.MultiplyAdd(x, b1, c11); }
            if (rows > 2) { x = TOps.Broadcast(a[2 * aRow]); c20 = TOps.MultiplyAdd(x, b0, c20); if (vectors > 1) c21 = TOps.MultiplyAdd(x, b1, c21); }
            if (rows > 3) { x = TOps.Broadcast(a[3 * aRow]); c30 = TOps.MultiplyAdd(x, b0, c30); if (vectors > 1) c31 = TOps.MultiplyAdd(x, b1, c31); }
            if (rows > 4) { x = TOps.Broadcast(a[4 * aRow]); c40 = TOps.MultiplyAdd(x, b0, c40); if (vectors > 1) c41 = TOps.MultiplyAdd(x, b1, c41); }
            if (rows > 5) { x = TOps.Broadcast(a[5 * aRow]); c50 = TOps.MultiplyAdd(x, b0, c50); if (vectors > 1) c51 = TOps.MultiplyAdd(x, b1, c51); }
            if (rows > 6) { x = TOps.Broadcast(a[6 * aRow]); c60 = TOps.MultiplyAdd(x, b0, c60); if (vectors > 1) c61 = TOps.MultiplyAdd(x, b1, c61); }
            if (rows > 7) { x = TOps.Broadcast(a[7 * aRow]); c70 = TOps.MultiplyAdd(x, b0, c70); if (vectors > 1) c71 = TOps.MultiplyAdd(x, b1, c71); }
            a += aCol;
            b += bRow;
        }

        { TOps.Store(c, c00); if (vectors > 1) TOps.Store(c + w, c01); }
        if (rows > 1) { TOps.Store(c + ldc, c10); if (vectors > 1) TOps.Store(c + ldc + w, c11); }
        if (rows > 2) { TOps.Store(c + 2 * ldc, c20); if (vectors > 1) TOps.Store(c + 2 * ldc + w, c21); }
        if (rows > 3) { TOps.Store(c + 3 * ldc, c30); if (vectors > 1) TOps.Store(c + 3 * ldc + w, c31); }
        if (rows > 4) { TOps.Store(c + 4 * ldc, c40); if (vectors > 1) TOps.Store(c + 4 * ldc + w, c41); }
        if (rows > 5) { TOps.Store(c + 5 * ldc, c50); if (vectors > 1) TOps.Store(c + 5 * ldc + w, c51); }
        if (rows > 6) { TOps.Store(c + 6 * ldc, c60); if (vectors > 1) TOps.Store(c + 6 * ldc + w, c61); }
        if (rows > 7) { TOps.Store(c + 7 * ldc, c70); if (vectors > 1) TOps.Store(c + 7 * ldc + w, c71); }
    }

    /// <summary>
    /// Starts loading the C tile the next call will read. C is touched once per K block and is usually
    /// out of L1/L2 by then; the kernel's first FMAs depend on it, so an unprefetched tile stalls the
    /// whole chain for a memory round trip.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(T* c, nint ldc)
    {
        if (!Sse.IsSupported) return;
        int last = TTile.Vectors * TOps.Count - 1;
        for (int r = 0; r < TTile.Rows; r++)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + last);
            c += ldc;
        }
    }
}
