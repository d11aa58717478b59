using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Copies blocks of A and B into the contiguous, zero-padded slivers the micro-kernel streams through.
/// Packing is where transposes are absorbed: whatever the operand layout, a packed A sliver holds
/// element (r, p) at [p·MR + r] and a packed B sliver holds (p, j) at [p·NR + j]. Padding rows and
/// columns are zero so edge tiles run the same kernel; their results are simply not copied out.
/// </summary>
internal static unsafe class GemmPacking<TOps, TVec, T, TTile>
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
{
    private static int MR => GemmBlocking<TOps, TVec, T, TTile>.MR;
    private static int NR => GemmBlocking<TOps, TVec, T, TTile>.NR;

    /// <summary>
    /// Packs B(p, j) = b[p·bRow + j·bCol] for p &lt; kc, j &lt; nc into ⌈nc / NR⌉ slivers of kc × NR.
    /// </summary>
    public static void PackB(T* b, nint bRow, nint bCol, int kc, int nc, T* destination)
    {
        for (int j = 0; j < nc; j += NR)
        {
            PackBSliver(b + j * bCol, bRow, bCol, kc, Math.Min(NR, nc - j), destination);
            destination += (nint)kc * NR;
        }
    }

    /// <summary>Packs one kc × NR sliver of B whose first <paramref name="columns"/> columns are real.</summary>
    public static void PackBSliver(T* b, nint bRow, nint bCol, int kc, int columns, T* destination)
    {
        if (bCol == 1)
            CopyRows(b, bRow, kc, columns, NR, destination);
        else
            Transpose(b, bCol, kc, columns, NR, destination);
    }

    /// <summary>
    /// Packs A(i, p) = a[i·aRow + p·aCol] for i &lt; mc, p &lt; kc into ⌈mc / MR⌉ slivers of kc × MR.
    /// </summary>
    public static void PackA(T* a, nint aRow, nint aCol, int mc, int kc, T* destination)
    {
        for (int i = 0; i < mc; i += MR)
        {
            PackASliver(a + i * aRow, aRow, aCol, kc, Math.Min(MR, mc - i), destination);
            destination += (nint)kc * MR;
        }
    }

    /// <summary>Packs one kc × MR sliver of A whose first <paramref name="rows"/> rows are real.</summary>
    public static void PackASliver(T* a, nint aRow, nint aCol, int kc, int rows, T* destination)
    {
        // A sliver is B-like with the roles of rows and columns swapped: step p walks aCol, r walks aRow.
        if (aRow == 1)
            CopyRows(a, aCol, kc, rows, MR, destination);
        else
            Transpose(a, aRow, kc, rows, MR, destination);
    }

    /// <summary>
    /// destination[p·width + j] = source[p·sourceStep + j] for j &lt; count, zero for count ≤ j &lt; width.
    /// The source runs are contiguous, so full-width runs are copied as vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRows(T* source, nint sourceStep, int steps, int count, int width, T* destination)
    {
        int w = TOps.Count;
        if (count == width && width % w == 0)
        {
            for (int p = 0; p < steps; p++)
            {
                for (int j = 0; j < width; j += w) TOps.Store(destination + j, TOps.Load(source + j));
                source += sourceStep;
                destination += width;
            }
            return;
        }
        for (int p = 0; p < steps; p++)
        {
            int j = 0;
            for (; j < count; j++) destination[j] = source[j];
            for (; j < width; j++) destination[j] = default;
            source += sourceStep;
            destination += width;
        }
    }

    /// <summary>
    /// destination[p·width + j] = source[j·sourceStride + p] for j &lt; count, zero for count ≤ j &lt; width:
    /// the source lines are contiguous along p, so they are read sequentially and scattered with stride width.
    /// </summary>
    private static void Transpose(T* source, nint sourceStride, int steps, int count, int width, T* destination)
    {
        for (int j = 0; j < width; j++)
        {
            T* target = destination + j;
            if (j < count)
            {
                T* line = source + j * sourceStride;
                for (int p = 0; p < steps; p++) target[(nint)p * width] = line[p];
            }
            else
            {
                for (int p = 0; p < steps; p++) target[(nint)p * width] = default;
            }
        }
    }
}
