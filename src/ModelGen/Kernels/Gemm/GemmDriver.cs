using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// The cache-blocked loop nest around the micro-kernel for one rectangular block of C, run on one
/// thread. Loop order (outer to inner): NC columns of B, KC steps of K (pack the B panel), MC rows
/// of A (pack the A block), NR-wide B slivers, MR-tall A slivers.
/// </summary>
internal static unsafe class GemmDriver<TOps, TVec, T, TTile>
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
{
    private static int MR => GemmBlocking<TOps, TVec, T, TTile>.MR;
    private static int NR => GemmBlocking<TOps, TVec, T, TTile>.NR;
    private static int MC => GemmBlocking<TOps, TVec, T, TTile>.MC;
    private static int NC => GemmBlocking<TOps, TVec, T, TTile>.NC;

    /// <summary>
    /// Packing an operand pays off only when the packed copy is reused enough. A block of A is reused
    /// once per NR columns of the output, B once per MR rows; below these sizes the kernel reads the
    /// operand in place (when its layout allows) and only edge slivers are packed.
    /// </summary>
    private const int DirectAMaxColumns = 256;
    private const int DirectBMaxRows = 128;

    /// <summary>
    /// Computes C[rowStart..rowEnd, colStart..colEnd) over the whole of K and calls the epilogue once
    /// for each finished tile row. Blocks given to different threads must not overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyBlock<TEpilogue>(in GemmOperands<T> op, int rowStart, int rowEnd, int colStart, int colEnd,
        ref TEpilogue epilogue)
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        int k = op.K;
        int kcMax = GemmBlocking<TOps, TVec, T, TTile>.KBlockSize(k);
        int rows = rowEnd - rowStart;
        int columns = colEnd - colStart;
        bool directA = columns <= Tune.DA;
        bool directB = op.BRowsContiguous && rows <= Tune.DB;

        int mcMax = Math.Min(MC, RoundUp(rows, MR));
        int ncMax = Math.Min(NC, RoundUp(columns, NR));
        nint aSliverElements = GemmPacking<TOps, TVec, T, TTile>.ASliverElements(kcMax);
        nint packedABytes = directA ? 0 : GemmWorkspace.AlignedSize<T>(mcMax / MR * aSliverElements);
        nint packedBBytes = directB ? 0 : GemmWorkspace.AlignedSize<T>((nint)ncMax * kcMax);
        nint edgeABytes = GemmWorkspace.AlignedSize<T>(aSliverElements);
        nint edgeBBytes = GemmWorkspace.AlignedSize<T>((nint)NR * kcMax);
        nint tileBytes = GemmWorkspace.AlignedSize<T>((nint)MR * NR);
        byte* scratch = GemmWorkspace.ForCurrentThread.Reserve(packedABytes + packedBBytes + edgeABytes + edgeBBytes + tileBytes);
        T* packedA = (T*)scratch;
        T* packedB = (T*)(scratch + packedABytes);
        T* edgeA = (T*)(scratch + packedABytes + packedBBytes);
        T* edgeB = (T*)(scratch + packedABytes + packedBBytes + edgeABytes);
        T* tile = (T*)(scratch + packedABytes + packedBBytes + edgeABytes + edgeBBytes);

        for (int jc = colStart; jc < colEnd; jc += NC)
        {
            int nc = Math.Min(NC, colEnd - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                // Later K blocks continue the chains stored in C; storing and reloading is exact, so
                // each element is one unbroken FMA chain over p whatever the blocking.
                bool loadC = (op.Accumulate || pc > 0) && !Tune.NoLoadC;
                bool lastK = pc + kc == k;
                var (packedARow, packedACol) = GemmPacking<TOps, TVec, T, TTile>.PackedASliver(op.AColumnsContiguous, kc);
                nint packedASliver = GemmPacking<TOps, TVec, T, TTile>.ASliverElements(kc);
                T* bPanel = op.B + pc * op.BRowStride + jc * op.BColStride;
                if (!directB && !Tune.SkipB) GemmPacking<TOps, TVec, T, TTile>.PackB(bPanel, op.BRowStride, op.BColStride, kc, nc, packedB);

                for (int ic = rowStart; ic < rowEnd; ic += MC)
                {
                    int mc = Math.Min(MC, rowEnd - ic);
                    T* aBlock = op.A + ic * op.ARowStride + pc * op.AColStride;
                    int fullRows = mc - mc % MR;
                    if (!directA && !Tune.SkipA)
                        GemmPacking<TOps, TVec, T, TTile>.PackA(aBlock, op.ARowStride, op.AColStride, mc, kc, packedA);
                    else if (fullRows < mc)
                        GemmPacking<TOps, TVec, T, TTile>.PackASliver(aBlock + fullRows * op.ARowStride, op.ARowStride, op.AColStride, kc, mc - fullRows, edgeA);

                    for (int jr = 0; jr < nc; jr += NR)
                    {
                        int nr = Math.Min(NR, nc - jr);
                        T* bSliver;
                        nint bStep;
                        if (!directB)
                        {
                            bSliver = packedB + (nint)jr * kc;
                            bStep = NR;
                        }
                        else if (nr == NR)
                        {
                            bSliver = bPanel + jr;
                            bStep = op.BRowStride;
                        }
                        else
                        {
                            // Reading a full NR-wide row in place would run past the last column.
                            GemmPacking<TOps, TVec, T, TTile>.PackBSliver(bPanel + jr, op.BRowStride, 1, kc, nr, edgeB);
                            bSliver = edgeB;
                            bStep = NR;
                        }

                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int mr = Math.Min(MR, mc - ir);
                            T* aSliver;
                            nint aRow, aCol;
                            if (!directA)
                            {
                                aSliver = packedA + ir / MR * packedASliver;
                                aRow = packedARow;
                                aCol = packedACol;
                            }
                            else if (mr == MR)
                            {
                                aSliver = aBlock + ir * op.ARowStride;
                                aRow = op.ARowStride;
                                aCol = op.AColStride;
                            }
                            else
                            {
                                aSliver = edgeA;
                                aRow = packedARow;
                                aCol = packedACol;
                            }

                            int row = ic + ir;
                            int col = jc + jr;
                            T* cTile = op.C + row * op.Ldc + col;
                            // The tile after this one: further down, or the top of the next sliver.
                            T* nextC = ir + MR < mc ? cTile + MR * op.Ldc : jr + NR < nc ? op.C + ic * op.Ldc + col + NR : null;
                            if (mr == MR && nr == NR)
                                GemmMicroKernel<TOps, TVec, T, TTile>.Run(kc, aSliver, aRow, aCol, bSliver, bStep, cTile, op.Ldc, loadC, nextC);
                            else
                                EdgeTile(kc, aSliver, aRow, aCol, bSliver, bStep, cTile, op.Ldc, mr, nr, loadC, tile);

                            if (lastK && GemmEpilogue.IsPresent<T, TEpilogue>())
                            {
                                for (int r = 0; r < mr; r++) epilogue.Apply(cTile + r * op.Ldc, row + r, col, nr);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A tile cut by the edge of C: the full kernel runs on a scratch tile and only the real part is
    /// copied in and out, so every real element still gets the same FMA chain as in a full tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile(int kc, T* a, nint aRow, nint aCol, T* b, nint bStep, T* c, nint ldc,
        int rows, int columns, bool loadC, T* tile)
    {
        if (loadC)
        {
            for (int r = 0; r < MR; r++)
            {
                for (int j = 0; j < NR; j++)
                    tile[r * NR + j] = r < rows && j < columns ? c[r * ldc + j] : default;
            }
        }
        GemmMicroKernel<TOps, TVec, T, TTile>.Run(kc, a, aRow, aCol, b, bStep, tile, NR, loadC, null);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++) c[r * ldc + j] = tile[r * NR + j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
