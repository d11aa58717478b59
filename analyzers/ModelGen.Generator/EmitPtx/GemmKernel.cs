using ModelGen.Generator.Check;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.EmitPtx;

/// <summary>A matrix size: static, or the symbolic batch times <see cref="Value"/> rows per sample.</summary>
internal readonly struct PtxDim
{
    public PtxDim(bool isBatch, int value) { IsBatch = isBatch; Value = value; }
    public bool IsBatch { get; }
    /// <summary>The size, or the rows per sample of a batch-sized one.</summary>
    public int Value { get; }
    public static PtxDim Batch => new(true, 1);
    /// <summary>batch × rowsPerSample rows: the positions of a per-position projection.</summary>
    public static PtxDim Rows(int rowsPerSample) => new(true, rowsPerSample);
    public static PtxDim Of(int value) => new(false, value);
}

/// <summary>
/// C (M×N) = op(A)·op(B) over row-major operands, with an optional dense-layer epilogue
/// z = C + bias, y = f(z) (z also stored when the backward pass needs it).
/// </summary>
internal sealed class GemmSpec
{
    public bool TransposeA { get; set; }
    public bool TransposeB { get; set; }
    public PtxDim M { get; set; }
    public PtxDim N { get; set; }
    public PtxDim K { get; set; }
    public Value A { get; set; } = null!;
    public int Lda { get; set; }
    public Value B { get; set; } = null!;
    public int Ldb { get; set; }
    public Value C { get; set; } = null!;
    public int Ldc { get; set; }
    public Value? Bias { get; set; }
    public Activation Activation { get; set; }
    public double Alpha { get; set; }
    /// <summary>Where z goes when it is kept; y goes to <see cref="C"/>.</summary>
    public Value? PreActivation { get; set; }
}

/// <summary>
/// Tiled matrix product: a 16×16 block computes a 64×64 tile of C, each thread a 4×4 register block
/// (rows ty + 16i, columns tx + 16j, so shared reads broadcast and global stores coalesce). A and B
/// stream through shared memory in 64×16 and 16×64 slices, stored k-major (As[k][m], Bs[k][n]) so
/// the inner loop reads both with unit stride whichever operand is transposed; loads are guarded
/// and zero-filled, so any M, N, K works. The finished tile goes through shared memory once more so
/// that one copy of the (possibly long) activation epilogue serves all sixteen accumulators and the
/// stores are row-contiguous.
/// </summary>
internal static class GemmKernel
{
    public const int Tile = 64, Depth = 16, Threads = 16;

    public static void Emit(ModelKernelFrame frame, GemmSpec spec)
    {
        PtxWriter w = frame.Writer;
        string tileA = w.SharedFloats("tile_a", Depth * Tile);
        string tileB = w.SharedFloats("tile_b", Depth * Tile);
        string tileC = w.SharedFloats("tile_c", Tile * Tile);
        string m = Size(frame, spec.M), n = Size(frame, spec.N), k = Size(frame, spec.K);
        string a = frame.Pointer(spec.A), b = frame.Pointer(spec.B), c = frame.Pointer(spec.C);

        string tx = w.R(), ty = w.R(), linear = w.R(), rowBase = w.R(), columnBase = w.R();
        w.Op($"mov.u32 {tx}, %tid.x");
        w.Op($"mov.u32 {ty}, %tid.y");
        w.Op($"mad.lo.s32 {linear}, {ty}, {Threads}, {tx}");
        w.Op($"mov.u32 {rowBase}, %ctaid.y");
        w.Op($"mul.lo.s32 {rowBase}, {rowBase}, {Tile}");
        w.Op($"mov.u32 {columnBase}, %ctaid.x");
        w.Op($"mul.lo.s32 {columnBase}, {columnBase}, {Tile}");
        string sharedA = w.R(), sharedB = w.R(), sharedC = w.R();
        w.Op($"mov.u32 {sharedA}, {tileA}");
        w.Op($"mov.u32 {sharedB}, {tileB}");
        w.Op($"mov.u32 {sharedC}, {tileC}");

        var accumulators = new string[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                accumulators[i, j] = w.F();
                w.Op($"mov.f32 {accumulators[i, j]}, {PtxWriter.Float(0.0)}");
            }

        string k0 = w.ConstInt(0);
        string loop = w.NewLabel("k_slice"), done = w.NewLabel("k_done");
        w.Place(loop);
        string finished = w.P();
        w.Op($"setp.ge.s32 {finished}, {k0}, {k}");
        w.Op($"@{finished} bra.uni {done}");
        w.Comment("stage a 64x16 slice of op(A) and a 16x64 slice of op(B) in shared memory");
        for (int l = 0; l < Tile * Depth / (Threads * Threads); l++)
        {
            string e = w.R();
            w.Op($"add.s32 {e}, {linear}, {l * Threads * Threads}");
            StageA(w, spec, e, a, m, k, rowBase, k0, sharedA);
            StageB(w, spec, e, b, n, k, columnBase, k0, sharedB);
        }
        w.Op("bar.sync 0");
        MultiplySlice(w, tx, ty, sharedA, sharedB, accumulators);
        w.Op("bar.sync 0");
        w.Op($"add.s32 {k0}, {k0}, {Depth}");
        w.Op($"bra.uni {loop}");
        w.Place(done);

        w.Comment("park the 4x4 register blocks in the shared C tile");
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                string index = w.R(), address = w.R();
                w.Op($"add.s32 {index}, {ty}, {16 * i}");
                w.Op($"mad.lo.s32 {index}, {index}, {Tile}, {tx}");
                w.Op($"mad.lo.s32 {address}, {index}, 4, {sharedC}");
                w.Op($"st.shared.f32 [{address}+{64 * j}], {accumulators[i, j]}");
            }
        w.Op("bar.sync 0");
        StoreTile(frame, spec, linear, rowBase, columnBase, m, n, c, sharedC);
    }

    private static string Size(ModelKernelFrame frame, PtxDim dim)
    {
        if (!dim.IsBatch) return frame.Writer.ConstInt(dim.Value);
        if (dim.Value == 1) return frame.Batch;
        string rows = frame.Writer.R();
        frame.Writer.Op($"mul.lo.s32 {rows}, {frame.Batch}, {PtxWriter.Number(dim.Value)}");
        return rows;
    }

    /// <summary>Element e of the slice: As[kk][mm] = op(A)[rowBase + mm, k0 + kk], zero outside A.</summary>
    private static void StageA(PtxWriter w, GemmSpec spec, string e, string a, string m, string k, string rowBase, string k0, string sharedA)
    {
        // Read along A's contiguous dimension: k when A is not transposed, m when it is.
        var (mm, kk) = spec.TransposeA ? Split(w, e, 63, 6) : Swap(Split(w, e, 15, 4));
        Stage(w, a, spec.Lda, rowBase, mm, m, k0, kk, k, !spec.TransposeA, sharedA);
    }

    /// <summary>Bs[kk][nn] = op(B)[k0 + kk, columnBase + nn], zero outside B.</summary>
    private static void StageB(PtxWriter w, GemmSpec spec, string e, string b, string n, string k, string columnBase, string k0, string sharedB)
    {
        var (nn, kk) = spec.TransposeB ? Swap(Split(w, e, 15, 4)) : Split(w, e, 63, 6);
        Stage(w, b, spec.Ldb, columnBase, nn, n, k0, kk, k, spec.TransposeB, sharedB);
    }

    /// <summary>(e &amp; mask, e &gt;&gt; shift).</summary>
    private static (string Low, string High) Split(PtxWriter w, string e, int mask, int shift)
    {
        string low = w.R(), high = w.R();
        w.Op($"and.b32 {low}, {e}, {mask}");
        w.Op($"shr.u32 {high}, {e}, {shift}");
        return (low, high);
    }

    private static (string, string) Swap((string Low, string High) pair) => (pair.High, pair.Low);

    /// <summary>
    /// Loads the element at (outer index, k index) of an operand whose stored row is the outer index
    /// when <paramref name="outerIsRow"/> (else the k index), and stores it at [kk·64 + outer].
    /// </summary>
    private static void Stage(PtxWriter w, string matrix, int leading, string outerBase, string outer, string outerSize,
        string k0, string kk, string k, bool outerIsRow, string shared)
    {
        string globalOuter = w.R(), globalK = w.R();
        w.Op($"add.s32 {globalOuter}, {outerBase}, {outer}");
        w.Op($"add.s32 {globalK}, {k0}, {kk}");
        string inside = w.P(), insideK = w.P();
        w.Op($"setp.lt.s32 {inside}, {globalOuter}, {outerSize}");
        w.Op($"setp.lt.s32 {insideK}, {globalK}, {k}");
        w.Op($"and.pred {inside}, {inside}, {insideK}");
        string index = w.R();
        if (outerIsRow) w.Op($"mad.lo.s32 {index}, {globalOuter}, {leading}, {globalK}");
        else w.Op($"mad.lo.s32 {index}, {globalK}, {leading}, {globalOuter}");
        string value = w.F();
        w.Op($"mov.f32 {value}, {PtxWriter.Float(0.0)}");
        string address = ModelKernelFrame.Element(w, matrix, index);
        w.Op($"@{inside} ld.global.f32 {value}, [{address}]");
        string slot = w.R();
        w.Op($"mad.lo.s32 {slot}, {kk}, {Tile}, {outer}");
        w.Op($"mad.lo.s32 {slot}, {slot}, 4, {shared}");
        w.Op($"st.shared.f32 [{slot}], {value}");
    }

    /// <summary>acc[i][j] += As[kk][ty + 16i]·Bs[kk][tx + 16j] for kk = 0..15.</summary>
    private static void MultiplySlice(PtxWriter w, string tx, string ty, string sharedA, string sharedB, string[,] accumulators)
    {
        string rowAddress = w.R(), columnAddress = w.R(), step = w.ConstInt(0);
        w.Op($"mad.lo.s32 {rowAddress}, {ty}, 4, {sharedA}");
        w.Op($"mad.lo.s32 {columnAddress}, {tx}, 4, {sharedB}");
        string loop = w.NewLabel("k_step");
        w.Place(loop);
        var aValues = new string[4];
        var bValues = new string[4];
        for (int i = 0; i < 4; i++)
        {
            aValues[i] = w.F();
            w.Op($"ld.shared.f32 {aValues[i]}, [{rowAddress}+{64 * i}]");
        }
        for (int j = 0; j < 4; j++)
        {
            bValues[j] = w.F();
            w.Op($"ld.shared.f32 {bValues[j]}, [{columnAddress}+{64 * j}]");
        }
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                w.Op($"fma.rn.f32 {accumulators[i, j]}, {aValues[i]}, {bValues[j]}, {accumulators[i, j]}");
        w.Op($"add.s32 {rowAddress}, {rowAddress}, {Tile * 4}");
        w.Op($"add.s32 {columnAddress}, {columnAddress}, {Tile * 4}");
        w.Op($"add.s32 {step}, {step}, 1");
        string more = w.P();
        w.Op($"setp.lt.s32 {more}, {step}, {Depth}");
        w.Op($"@{more} bra.uni {loop}");
    }

    /// <summary>Each thread takes tile elements linear, linear + 256, …: bias, activation, guarded stores.</summary>
    private static void StoreTile(ModelKernelFrame frame, GemmSpec spec, string linear, string rowBase, string columnBase,
        string m, string n, string c, string sharedC)
    {
        PtxWriter w = frame.Writer;
        string bias = spec.Bias is null ? "" : frame.Pointer(spec.Bias);
        string z = spec.PreActivation is null ? "" : frame.Pointer(spec.PreActivation);
        string e = w.R();
        w.Op($"mov.u32 {e}, {linear}");
        string loop = w.NewLabel("store"), next = w.NewLabel("store_next");
        w.Place(loop);
        string row = w.R(), column = w.R();
        w.Op($"shr.u32 {row}, {e}, 6");
        w.Op($"and.b32 {column}, {e}, 63");
        w.Op($"add.s32 {row}, {row}, {rowBase}");
        w.Op($"add.s32 {column}, {column}, {columnBase}");
        string outside = w.P(), outsideColumn = w.P();
        w.Op($"setp.ge.s32 {outside}, {row}, {m}");
        w.Op($"setp.ge.s32 {outsideColumn}, {column}, {n}");
        w.Op($"or.pred {outside}, {outside}, {outsideColumn}");
        w.Op($"@{outside} bra {next}");
        string slot = w.R(), value = w.F();
        w.Op($"mad.lo.s32 {slot}, {e}, 4, {sharedC}");
        w.Op($"ld.shared.f32 {value}, [{slot}]");
        string index = w.R();
        w.Op($"mad.lo.s32 {index}, {row}, {spec.Ldc}, {column}");
        string result = value;
        if (spec.Bias is not null)
        {
            string b = w.F(), sum = w.F();
            w.Op($"ld.global.f32 {b}, [{ModelKernelFrame.Element(w, bias, column)}]");
            w.Op($"add.rn.f32 {sum}, {value}, {b}");
            if (spec.PreActivation is not null)
                w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, z, index)}], {sum}");
            result = PtxActivations.Forward(w, spec.Activation, spec.Alpha, sum);
        }
        w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, c, index)}], {result}");
        w.Place(next);
        w.Op($"add.s32 {e}, {e}, {Threads * Threads}");
        string more = w.P();
        w.Op($"setp.lt.s32 {more}, {e}, {Tile * Tile}");
        w.Op($"@{more} bra {loop}");
        w.Op("ret");
    }
}
