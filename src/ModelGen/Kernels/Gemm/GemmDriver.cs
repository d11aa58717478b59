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
    /// Packing an operand pays off only when the packed copy is reused enough: a block of A once per
    /// NR columns of the output, a sliver of B once per MR rows. Below these sizes the kernel reads
    /// the operand in place (when its layout allows) and only edge slivers are packed. On small
    /// products (the digits MLP) this saves 5-10 %.
    /// </summary>
    private const int DirectAMaxColumns = 256;
    private const int DirectBMaxRows = 128;

    /// <summary>
    /// B read in place is re-read from L1 for every MR rows, so its K block must fit there without
    /// set conflicts; a large row stride (a 4 KiB multiple maps every row to the same sets) thrashes.
    /// </summary>
    private const int DirectBMaxBytes = 64 * 1024;

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
        bool directA = columns <= DirectAMaxColumns;
        // With a single row of tiles each B sliver is used once, so packing it could never pay off.
        bool directB = op.BRowsContiguous
            && (rows <= MR || rows <= DirectBMaxRows && (long)kcMax * op.BRowStride * sizeof(T) <= DirectBMaxBytes);
        GemmWorkspace workspace = GemmWorkspace.Acquire();
        try
        {
            var scratch = Scratch.Reserve(workspace, directA ? 0 : Math.Min(MC, RoundUp(rows, MR)), directB ? 0 : Math.Min(NC, RoundUp(columns, NR)), kcMax);

            for (int jc = colStart; jc < colEnd; jc += NC)
            {
                int nc = Math.Min(NC, colEnd - jc);
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    var panels = new Panels { KC = Math.Min(kcMax, k - pc), DirectA = directA, DirectB = directB, Scratch = scratch };
                    (panels.PackedARow, panels.PackedACol) = GemmPacking<TOps, TVec, T, TTile>.PackedASliver(op.AColumnsContiguous, panels.KC);
                    panels.PackedASliverElements = GemmPacking<TOps, TVec, T, TTile>.ASliverElements(panels.KC);
                    panels.B = op.B + pc * op.BRowStride + jc * op.BColStride;
                    panels.BRowStride = op.BRowStride;
                    if (!directB) GemmPacking<TOps, TVec, T, TTile>.PackB(panels.B, op.BRowStride, op.BColStride, panels.KC, nc, scratch.PackedB);
                    // Later K blocks continue the chains stored in C; storing and reloading is exact, so
                    // each element is one unbroken FMA chain over p whatever the blocking.
                    bool loadC = op.Accumulate || pc > 0;
                    bool lastK = pc + panels.KC == k;

                    for (int ic = rowStart; ic < rowEnd; ic += MC)
                    {
                        int mc = Math.Min(MC, rowEnd - ic);
                        panels.A = op.A + ic * op.ARowStride + pc * op.AColStride;
                        panels.ARowStride = op.ARowStride;
                        panels.AColStride = op.AColStride;
                        int fullRows = mc - mc % MR;
                        if (!directA)
                            GemmPacking<TOps, TVec, T, TTile>.PackA(panels.A, op.ARowStride, op.AColStride, mc, panels.KC, scratch.PackedA);
                        else if (fullRows < mc)
                            GemmPacking<TOps, TVec, T, TTile>.PackASliver(panels.A + fullRows * op.ARowStride, op.ARowStride, op.AColStride,
                                panels.KC, mc - fullRows, scratch.EdgeA);
                        MultiplyTiles(op, panels, ic, mc, jc, nc, loadC, lastK, ref epilogue);
                    }
                }
            }
        }
        finally
        {
            workspace.Release();
        }
    }

    /// <summary>Runs the micro-kernel over every tile of one MC × NC block for one K block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyTiles<TEpilogue>(in GemmOperands<T> op, in Panels panels, int ic, int mc, int jc, int nc,
        bool loadC, bool lastK, ref TEpilogue epilogue)
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        int kc = panels.KC;
        nint ldc = op.Ldc;
        for (int jr = 0; jr < nc; jr += NR)
        {
            int nr = Math.Min(NR, nc - jr);
            T* b = panels.BSliver(jr, nr, out nint bStep);
            for (int ir = 0; ir < mc; ir += MR)
            {
                int mr = Math.Min(MR, mc - ir);
                T* a = panels.ASliver(ir, mr, out nint aRow, out nint aCol);
                int row = ic + ir;
                int col = jc + jr;
                T* c = op.C + row * ldc + col;
                if (mr == MR && nr == NR)
                {
                    // The tile after this one: further down, or the top of the next sliver.
                    T* nextC = ir + MR < mc ? c + MR * ldc : jr + NR < nc ? op.C + ic * ldc + col + NR : null;
                    GemmMicroKernel<TOps, TVec, T, TTile>.Run(kc, a, aRow, aCol, b, bStep, c, ldc, loadC, nextC);
                }
                else
                {
                    EdgeTile(kc, a, aRow, aCol, b, bStep, c, ldc, mr, nr, loadC, panels.Scratch.Tile);
                }

                if (lastK && GemmEpilogue.IsPresent<T, TEpilogue>())
                {
                    for (int r = 0; r < mr; r++) epilogue.Apply(c + r * ldc, row + r, col, nr);
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
        // Only the real part is loaded: the padding lanes compute values nobody reads.
        if (loadC)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < columns; j++) tile[r * NR + j] = c[r * ldc + j];
            }
        }
        if (columns <= TOps.Count)
            GemmMicroKernel<TOps, TVec, T, OneVector<TTile>>.Run(kc, a, aRow, aCol, b, bStep, tile, NR, loadC, null);
        else
            GemmMicroKernel<TOps, TVec, T, TTile>.Run(kc, a, aRow, aCol, b, bStep, tile, NR, loadC, null);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++) c[r * ldc + j] = tile[r * NR + j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>The per-thread buffers of one block, carved from <see cref="GemmWorkspace"/>.</summary>
    private readonly struct Scratch
    {
        public readonly T* PackedA, PackedB, EdgeA, EdgeB, Tile;

        private Scratch(T* packedA, T* packedB, T* edgeA, T* edgeB, T* tile)
        {
            PackedA = packedA;
            PackedB = packedB;
            EdgeA = edgeA;
            EdgeB = edgeB;
            Tile = tile;
        }

        /// <param name="workspace">The calling thread's workspace to carve them from.</param>
        /// <param name="packedRows">Rows of A to pack at once (0 when A is read in place).</param>
        /// <param name="packedColumns">Columns of B to pack at once (0 when B is read in place).</param>
        /// <param name="kc">Largest K block.</param>
        public static Scratch Reserve(GemmWorkspace workspace, int packedRows, int packedColumns, int kc)
        {
            nint aSliver = GemmPacking<TOps, TVec, T, TTile>.ASliverElements(kc);
            nint packedA = GemmWorkspace.AlignedSize<T>(packedRows / MR * aSliver);
            nint packedB = GemmWorkspace.AlignedSize<T>((nint)packedColumns * kc);
            nint edgeA = GemmWorkspace.AlignedSize<T>(aSliver);
            nint edgeB = GemmWorkspace.AlignedSize<T>((nint)NR * kc);
            nint tile = GemmWorkspace.AlignedSize<T>((nint)MR * NR);
            byte* start = workspace.Reserve(packedA + packedB + edgeA + edgeB + tile);
            return new Scratch((T*)start, (T*)(start + packedA), (T*)(start + packedA + packedB),
                (T*)(start + packedA + packedB + edgeA), (T*)(start + packedA + packedB + edgeA + edgeB));
        }
    }

    /// <summary>
    /// Where the slivers of the current A block and B panel come from: packed copies, or the operands
    /// themselves when read in place (with packed copies only for slivers cut by an edge).
    /// </summary>
    private struct Panels
    {
        public int KC;
        public bool DirectA, DirectB;
        public Scratch Scratch;
        public T* A, B;
        public nint ARowStride, AColStride, BRowStride;
        public nint PackedARow, PackedACol, PackedASliverElements;

        /// <summary>Sliver of MR rows starting at row <paramref name="ir"/> of the block, <paramref name="rows"/> of them real.</summary>
        public readonly T* ASliver(int ir, int rows, out nint rowStride, out nint colStride)
        {
            if (DirectA && rows == MR)
            {
                rowStride = ARowStride;
                colStride = AColStride;
                return A + ir * ARowStride;
            }
            rowStride = PackedARow;
            colStride = PackedACol;
            return DirectA ? Scratch.EdgeA : Scratch.PackedA + ir / MR * PackedASliverElements;
        }

        /// <summary>
        /// Sliver of NR columns starting at column <paramref name="jr"/> of the panel. A partial sliver
        /// read in place is packed here, since a full-width row would run past the last column.
        /// </summary>
        public readonly T* BSliver(int jr, int columns, out nint rowStep)
        {
            if (DirectB && columns == NR)
            {
                rowStep = BRowStride;
                return B + jr;
            }
            rowStep = NR;
            if (!DirectB) return Scratch.PackedB + (nint)jr * KC;
            GemmPacking<TOps, TVec, T, TTile>.PackBSliver(B + jr, BRowStride, 1, KC, columns, Scratch.EdgeB);
            return Scratch.EdgeB;
        }
    }
}
