using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Copies blocks of A and B into the contiguous, zero-padded slivers the micro-kernel streams through.
/// A packed B sliver holds element (p, j) at [p·NR + j], whatever B's layout: a transposed B is
/// transposed here, once per panel instead of once per use. A packed A sliver keeps A's own
/// orientation (see <see cref="PackedASliver"/>), because the kernel reads A one scalar at a time and
/// can take either stride, so packing A is always a plain copy. Padding is zero so edge tiles run
/// the full kernel; their padded results are simply not copied out.
/// </summary>
internal static unsafe class GemmPacking<TOps, TVec, T, TTile>
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
{
    private static int MR => GemmBlocking<TOps, TVec, T, TTile>.MR;
    private static int NR => GemmBlocking<TOps, TVec, T, TTile>.NR;

    /// <summary>Elements of one packed A sliver of depth kc, whichever orientation it has.</summary>
    public static nint ASliverElements(int kc) => MR * PackedRowStride(kc);

    /// <summary>
    /// Where element (r, p) of a packed A sliver sits: [p·MR + r] for a transposed A (its columns are
    /// contiguous, so MR elements are copied per step), [r·rowStride + p] for a row-major A (each
    /// row's kc elements are copied with vector loads).
    /// </summary>
    public static (nint Row, nint Col) PackedASliver(bool aColumnsContiguous, int kc)
        => aColumnsContiguous ? (1, MR) : (PackedRowStride(kc), 1);

    /// <summary>
    /// Row stride of a row-major packed sliver: kc rounded up to a cache line, plus one line, so the
    /// MR rows do not all map to the same L1 sets (a 4 KiB multiple would).
    /// </summary>
    private static int PackedRowStride(int kc)
    {
        int line = GemmWorkspace.Alignment / sizeof(T);
        return (kc + line - 1) / line * line + line;
    }

    /// <summary>
    /// Packs A(i, p) = a[i·aRow + p·aCol] for i &lt; mc, p &lt; kc into ⌈mc / MR⌉ slivers of
    /// <see cref="ASliverElements"/> each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(T* a, nint aRow, nint aCol, int mc, int kc, T* destination)
    {
        for (int i = 0; i < mc; i += MR)
        {
            PackASliver(a + i * aRow, aRow, aCol, kc, Math.Min(MR, mc - i), destination);
            destination += ASliverElements(kc);
        }
    }

    /// <summary>Packs one A sliver whose first <paramref name="rows"/> rows are real.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackASliver(T* a, nint aRow, nint aCol, int kc, int rows, T* destination)
    {
        if (aRow == 1)
        {
            CopyRuns(a, aCol, kc, rows, MR, destination);
            return;
        }
        nint stride = PackedRowStride(kc);
        for (int r = 0; r < MR; r++)
        {
            if (r < rows)
                CopyRuns(a + r * aRow, 0, 1, kc, kc, destination + r * stride);
            else
                new Span<T>(destination + r * stride, kc).Clear();
        }
    }

    /// <summary>
    /// Packs B(p, j) = b[p·bRow + j·bCol] for p &lt; kc, j &lt; nc into ⌈nc / NR⌉ slivers of kc × NR.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(T* b, nint bRow, nint bCol, int kc, int nc, T* destination)
    {
        for (int j = 0; j < nc; j += NR)
        {
            PackBSliver(b + j * bCol, bRow, bCol, kc, Math.Min(NR, nc - j), destination);
            destination += (nint)kc * NR;
        }
    }

    /// <summary>Packs one kc × NR sliver of B whose first <paramref name="columns"/> columns are real.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBSliver(T* b, nint bRow, nint bCol, int kc, int columns, T* destination)
    {
        if (bCol == 1)
            CopyRuns(b, bRow, kc, columns, NR, destination);
        else
            Transpose(b, bCol, kc, columns, destination);
    }

    /// <summary>
    /// destination[p·width + j] = source[p·sourceStep + j] for j &lt; count, zero for count ≤ j &lt; width:
    /// contiguous runs, copied as vectors where whole vectors fit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRuns(T* source, nint sourceStep, int steps, int count, int width, T* destination)
    {
        int w = TOps.Count;
        int vectorEnd = count - count % w;
        for (int p = 0; p < steps; p++)
        {
            int j = 0;
            for (; j < vectorEnd; j += w) TOps.Store(destination + j, TOps.Load(source + j));
            for (; j < count; j++) destination[j] = source[j];
            for (; j < width; j++) destination[j] = default;
            source += sourceStep;
            destination += width;
        }
    }

    /// <summary>
    /// destination[p·NR + j] = source[j·sourceStride + p] for j &lt; count, zero for count ≤ j &lt; NR.
    /// Whole square blocks go through the register transpose where there is one; the ragged rest
    /// element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(T* source, nint sourceStride, int steps, int count, T* destination)
    {
        int block = GemmTranspose.BlockSize<T>();
        int blockedColumns = 0, blockedSteps = 0;
        if (block > 0)
        {
            blockedColumns = count - count % block;
            blockedSteps = steps - steps % block;
            for (int j = 0; j < blockedColumns; j += block)
            {
                for (int p = 0; p < blockedSteps; p += block)
                    GemmTranspose.Block(source + j * sourceStride + p, sourceStride, destination + (nint)p * NR + j, NR);
            }
        }
        for (int j = 0; j < NR; j++)
        {
            T* target = destination + j;
            if (j >= count)
            {
                for (int p = 0; p < steps; p++) target[(nint)p * NR] = default;
                continue;
            }
            T* line = source + j * sourceStride;
            for (int p = j < blockedColumns ? blockedSteps : 0; p < steps; p++) target[(nint)p * NR] = line[p];
        }
    }
}
