using System;
using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// Batch normalization, per feature over the batch, as the CPU kernels compute it
/// (src/ModelGen/Kernels/Layers/BatchNormKernels.cs): one thread per feature sums its column in row
/// order. Training (p_training) uses the corrected two-pass batch mean and biased variance and moves
/// the running statistics (unbiased variance, n/(n − 1), the biased one for a single row);
/// evaluation uses the running statistics. Either way the mean and 1/σ used are kept in the state arena.
/// </summary>
internal static class BatchNormKernels
{
    public const int BlockSize = 256;

    /// <summary>Inputs: x, γ, β, running mean, running var, batch mean, batch 1/σ (the last four in the state arena).</summary>
    public static void Statistics(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0], runningMean = op.Inputs[3], runningVar = op.Inputs[4], mean = op.Inputs[5], inverseStd = op.Inputs[6];
        int width = x.Columns;
        string column = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, column, w.ConstInt(width));
        string used = w.F(), variance = w.F();
        string training = w.R(), evaluating = w.P(), apply = w.NewLabel("store");
        w.Op($"ld.param.u32 {training}, [p_training]");
        w.Op($"setp.eq.s32 {evaluating}, {training}, 0");
        w.Op($"mov.f32 {used}, {LayerKernels.Load(frame, runningMean, column)}");
        w.Op($"mov.f32 {variance}, {LayerKernels.Load(frame, runningVar, column)}");
        w.Op($"@{evaluating} bra {apply}");

        string n = w.F();
        w.Op($"cvt.rn.f32.u32 {n}, {frame.Batch}");
        string sum = w.Const(0.0);
        DownColumn(frame, x, column, v => w.Op($"add.rn.f32 {sum}, {sum}, {v}"));
        string m = w.F();
        w.Op($"div.rn.f32 {m}, {sum}, {n}");
        string deviations = w.Const(0.0), squares = w.Const(0.0);
        DownColumn(frame, x, column, v =>
        {
            string d = w.F();
            w.Op($"sub.rn.f32 {d}, {v}, {m}");
            w.Op($"add.rn.f32 {deviations}, {deviations}, {d}");
            w.Op($"fma.rn.f32 {squares}, {d}, {d}, {squares}");
        });
        string c = w.F(), meanSquare = w.F();
        w.Op($"div.rn.f32 {c}, {deviations}, {n}");
        w.Op($"add.rn.f32 {used}, {m}, {c}");
        w.Op($"div.rn.f32 {meanSquare}, {squares}, {n}");
        w.Op($"sub.rn.f32 {variance}, {meanSquare}, {PtxMathLibrary.Multiply(w, c, c)}");
        w.Op($"max.f32 {variance}, {variance}, {PtxWriter.Float(0.0)}");

        // Running statistics: keep·running + momentum·batch, with the unbiased variance.
        string rowsLess = w.R(), nLess = w.F(), correction = w.F(), single = w.P();
        w.Op($"sub.s32 {rowsLess}, {frame.Batch}, 1");
        w.Op($"cvt.rn.f32.s32 {nLess}, {rowsLess}");
        w.Op($"div.rn.f32 {correction}, {n}, {nLess}");
        w.Op($"setp.lt.s32 {single}, {frame.Batch}, 2");
        w.Op($"selp.f32 {correction}, {PtxWriter.Float(1.0)}, {correction}, {single}");
        float momentum = (float)op.Momentum, keep = 1f - momentum;
        string unbiased = PtxMathLibrary.Multiply(w, variance, correction);
        string movedMean = w.F(), movedVar = w.F();
        w.Op($"fma.rn.f32 {movedMean}, {PtxWriter.Float(keep)}, {LayerKernels.Load(frame, runningMean, column)}, {PtxMathLibrary.Multiply(w, w.Const(momentum), used)}");
        w.Op($"fma.rn.f32 {movedVar}, {PtxWriter.Float(keep)}, {LayerKernels.Load(frame, runningVar, column)}, {PtxMathLibrary.Multiply(w, w.Const(momentum), unbiased)}");
        LayerKernels.Store(frame, runningMean, column, movedMean);
        LayerKernels.Store(frame, runningVar, column, movedVar);

        w.Place(apply);
        string shifted = w.F(), root = w.F(), inverse = w.F();
        w.Op($"add.rn.f32 {shifted}, {variance}, {PtxWriter.Float(op.Epsilon)}");
        w.Op($"sqrt.rn.f32 {root}, {shifted}");
        w.Op($"div.rn.f32 {inverse}, {PtxWriter.Float(1.0)}, {root}");
        LayerKernels.Store(frame, mean, column, used);
        LayerKernels.Store(frame, inverseStd, column, inverse);
        w.Op("ret");
    }

    /// <summary>y = ((x − mean[c])·(1/σ)[c])·γ[c] + β[c], one thread per (column, row).</summary>
    public static void Apply(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0], gamma = op.Inputs[1], beta = op.Inputs[2], mean = op.Inputs[5], inverseStd = op.Inputs[6], y = op.Output;
        LayerKernels.Tiled(frame, x.Columns, (row, column) =>
        {
            string index = w.R();
            w.Op($"mad.lo.s32 {index}, {row}, {PtxWriter.Number(x.Columns)}, {column}");
            string centered = w.F(), result = w.F();
            w.Op($"sub.rn.f32 {centered}, {LayerKernels.Load(frame, x, index)}, {LayerKernels.Load(frame, mean, column)}");
            string normalized = PtxMathLibrary.Multiply(w, centered, LayerKernels.Load(frame, inverseStd, column));
            w.Op($"fma.rn.f32 {result}, {normalized}, {LayerKernels.Load(frame, gamma, column)}, {LayerKernels.Load(frame, beta, column)}");
            LayerKernels.Store(frame, y, index, result);
        });
    }

    /// <summary>
    /// Inputs x, dy, γ, mean, 1/σ; outputs dx, dγ, dβ. dβ = Σ dy, dγ = Σ dy·x̂ down the column; in
    /// training dx = (dy − dβ/n − x̂·dγ/n)·γ·(1/σ), in evaluation dx = dy·γ·(1/σ).
    /// </summary>
    public static void Backward(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0], dy = op.Inputs[1], gamma = op.Inputs[2], meanValue = op.Inputs[3], inverseValue = op.Inputs[4];
        string column = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, column, w.ConstInt(x.Columns));
        string mean = LayerKernels.Load(frame, meanValue, column), inverseStd = LayerKernels.Load(frame, inverseValue, column);
        string Normalized(string v)
        {
            string centered = w.F();
            w.Op($"sub.rn.f32 {centered}, {v}, {mean}");
            return PtxMathLibrary.Multiply(w, centered, inverseStd);
        }
        string dBeta = w.Const(0.0), dGamma = w.Const(0.0);
        DownColumns(frame, x, dy, column, (v, d) =>
        {
            w.Op($"add.rn.f32 {dBeta}, {dBeta}, {d}");
            w.Op($"fma.rn.f32 {dGamma}, {d}, {Normalized(v)}, {dGamma}");
        });
        LayerKernels.Store(frame, op.Outputs[2], column, dBeta);
        LayerKernels.Store(frame, op.Outputs[1], column, dGamma);
        string training = w.R(), evaluating = w.P(), n = w.F(), inverseCount = w.F();
        w.Op($"ld.param.u32 {training}, [p_training]");
        w.Op($"setp.eq.s32 {evaluating}, {training}, 0");
        w.Op($"cvt.rn.f32.u32 {n}, {frame.Batch}");
        w.Op($"div.rn.f32 {inverseCount}, {PtxWriter.Float(1.0)}, {n}");
        w.Op($"selp.f32 {inverseCount}, {PtxWriter.Float(0.0)}, {inverseCount}, {evaluating}");
        string meanDBeta = PtxMathLibrary.Multiply(w, dBeta, inverseCount), meanDGamma = PtxMathLibrary.Multiply(w, dGamma, inverseCount);
        string scale = PtxMathLibrary.Multiply(w, LayerKernels.Load(frame, gamma, column), inverseStd);
        string dxPointer = frame.Pointer(op.Outputs[0]);
        DownColumns(frame, x, dy, column, (v, d) =>
        {
            string centered = w.F();
            w.Op($"sub.rn.f32 {centered}, {d}, {meanDBeta}");
            w.Op($"sub.rn.f32 {centered}, {centered}, {PtxMathLibrary.Multiply(w, Normalized(v), meanDGamma)}");
            return PtxMathLibrary.Multiply(w, centered, scale);
        }, dxPointer);
        w.Op("ret");
    }

    /// <summary>for r in [0, batch): body(x[r, column]).</summary>
    private static void DownColumn(ModelKernelFrame frame, Value x, string column, Action<string> body) =>
        DownColumns(frame, x, null, column, (v, _) => { body(v); return null; }, null);

    private static void DownColumns(ModelKernelFrame frame, Value x, Value dy, string column, Action<string, string> body) =>
        DownColumns(frame, x, dy, column, (v, d) => { body(v, d); return null; }, null);

    /// <summary>
    /// for r in [0, batch): body(x[r, column], dy[r, column]); a non-null result is stored at
    /// <paramref name="output"/>[r, column] (same layout as x).
    /// </summary>
    private static void DownColumns(ModelKernelFrame frame, Value x, Value? dy, string column, Func<string, string, string?> body, string? output)
    {
        PtxWriter w = frame.Writer;
        int width = x.Columns;
        string xAddress = ModelKernelFrame.Element(w, frame.Pointer(x), column);
        string? dyAddress = dy is null ? null : ModelKernelFrame.Element(w, frame.Pointer(dy), column);
        string? outAddress = output is null ? null : ModelKernelFrame.Element(w, output, column);
        string row = w.ConstInt(0);
        string loop = w.NewLabel("rows"), done = w.NewLabel("rows_done");
        w.Place(loop);
        string finished = w.P();
        w.Op($"setp.ge.s32 {finished}, {row}, {frame.Batch}");
        w.Op($"@{finished} bra {done}");
        string v = w.F();
        w.Op($"ld.global.f32 {v}, [{xAddress}]");
        string d = "";
        if (dyAddress is not null)
        {
            d = w.F();
            w.Op($"ld.global.f32 {d}, [{dyAddress}]");
        }
        string? result = body(v, d);
        if (result is not null && outAddress is not null) w.Op($"st.global.f32 [{outAddress}], {result}");
        w.Op($"add.s64 {xAddress}, {xAddress}, {PtxWriter.Number(width * 4)}");
        if (dyAddress is not null) w.Op($"add.s64 {dyAddress}, {dyAddress}, {PtxWriter.Number(width * 4)}");
        if (outAddress is not null) w.Op($"add.s64 {outAddress}, {outAddress}, {PtxWriter.Number(width * 4)}");
        w.Op($"add.s32 {row}, {row}, 1");
        w.Op($"bra {loop}");
        w.Place(done);
    }
}
