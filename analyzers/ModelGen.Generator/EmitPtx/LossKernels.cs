using ModelGen.Generator.Check;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// The fused loss forward+backward, one warp per row (8 rows per 256-thread block). Each row's loss
/// and correct count go to the scratch buffer; <see cref="LossReductionKernel"/> then sums them.
/// Scratch layout (4-byte slots): [0] mean loss, [1] correct count, [2, 2 + batch) row losses,
/// [2 + batch, 2 + 2·batch) row correct counts. The gradient is always written: the plan reserves
/// its buffer either way, and a branch-free step keeps evaluation and training on one schedule.
/// </summary>
internal static class LossKernels
{
    public const int BlockSize = 256, RowsPerBlock = BlockSize / WarpReductions.WarpSize;

    public static void Emit(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value logits = op.Inputs[0], gradient = op.Outputs[1];
        int columns = logits.Columns;
        string row = w.R(), lane = w.R();
        w.Op($"shr.u32 {row}, {ModelKernelFrame.GlobalThreadIndex(w)}, 5");
        w.Op($"mov.u32 {lane}, %laneid");
        // The whole warp shares the row, so it leaves together and no shuffle loses a lane.
        ElementwiseKernels.ExitWhenAtLeast(w, row, frame.Batch);
        string rowStart = w.R();
        w.Op($"mul.lo.s32 {rowStart}, {row}, {columns}");
        string x = ModelKernelFrame.Element(w, frame.Pointer(logits), rowStart);
        string g = ModelKernelFrame.Element(w, frame.Pointer(gradient), rowStart);
        var context = new RowContext(frame, row, lane, columns, x, g);
        var (loss, correct) = op.Loss switch
        {
            LossKind.SoftmaxCrossEntropy => SoftmaxCrossEntropy(context, op.LossParameter),
            LossKind.MeanSquaredError => SquaredError(context),
            LossKind.Huber => Huber(context, op.LossParameter),
            LossKind.Expression => Sum(context),
            _ => BinaryCrossEntropy(context),
        };
        string scratch = frame.Base("p_scratch");
        string notFirst = w.P();
        w.Op($"setp.ne.s32 {notFirst}, {lane}, 0");
        w.Op($"@{notFirst} ret");
        string slot = w.R();
        w.Op($"add.s32 {slot}, {row}, 2");
        w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, scratch, slot)}], {loss}");
        w.Op($"add.s32 {slot}, {slot}, {frame.Batch}");
        w.Op($"st.global.u32 [{ModelKernelFrame.Element(w, scratch, slot)}], {correct}");
        w.Op("ret");
    }

    private sealed class RowContext
    {
        public RowContext(ModelKernelFrame frame, string row, string lane, int columns, string values, string gradients)
        {
            Frame = frame; Row = row; Lane = lane; Columns = columns; Values = values; Gradients = gradients;
        }

        public ModelKernelFrame Frame { get; }
        public PtxWriter W => Frame.Writer;
        public string Row { get; }
        public string Lane { get; }
        public int Columns { get; }
        public string Values { get; }
        public string Gradients { get; }
        /// <summary>Σ_j (x_j − max) of the row, for label smoothing.</summary>
        public string? ShiftedSum { get; set; }
    }

    /// <summary>
    /// Max-shifted: m = max_j x_j (butterfly max), first index of m (butterfly min), s = Σ e^(x_j − m)
    /// with each term parked in the gradient, loss = ln s − (x_label − m), then
    /// g_j = e_j·(scale/s) − scale·[j = label] with scale = 1/batch, the CPU kernel's rounding order.
    /// Label smoothing ε &gt; 0 (targets (1 − ε)·onehot + ε/K): loss = ln s − ((1 − ε)(x_label − m) +
    /// (ε/K)·Σ_j (x_j − m)), g_j = e_j·(scale/s) − (ε/K)·scale − (1 − ε)·scale·[j = label].
    /// </summary>
    private static (string Loss, string Correct) SoftmaxCrossEntropy(RowContext c, double smoothing)
    {
        PtxWriter w = c.W;
        string label = w.R();
        w.Op($"ld.global.s32 {label}, [{ModelKernelFrame.Element(w, c.Frame.Base("p_labels"), c.Row)}]");
        // Read before any lane writes the gradient, which may alias the logits.
        string labelLogit = w.F();
        w.Op($"ld.global.f32 {labelLogit}, [{ModelKernelFrame.Element(w, c.Values, label)}]");

        string max = w.Const(float.NegativeInfinity);
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "max", j =>
        {
            string v = w.F();
            w.Op($"ld.global.f32 {v}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
            w.Op($"max.f32 {max}, {max}, {v}");
        });
        WarpReductions.AllReduce(w, max, "max");

        string first = w.ConstInt(c.Columns);
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "argmax", j =>
        {
            string v = w.F(), isMax = w.P(), candidate = w.R();
            w.Op($"ld.global.f32 {v}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
            w.Op($"setp.eq.f32 {isMax}, {v}, {max}");
            w.Op($"selp.b32 {candidate}, {j}, {c.Columns}, {isMax}");
            w.Op($"min.s32 {first}, {first}, {candidate}");
        });
        WarpReductions.AllReduce(w, first, "min", "s32");

        if (smoothing > 0)
        {
            // Σ_j (x_j − m), read before the exp loop parks e_j in the gradient (which may alias the logits).
            string shiftedSum = w.Const(0.0);
            WarpReductions.LaneLoop(w, c.Lane, c.Columns, "shifted_sum", j =>
            {
                string v = w.F(), shifted = w.F();
                w.Op($"ld.global.f32 {v}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
                w.Op($"sub.rn.f32 {shifted}, {v}, {max}");
                w.Op($"add.rn.f32 {shiftedSum}, {shiftedSum}, {shifted}");
            });
            WarpReductions.AllReduce(w, shiftedSum, "add");
            c.ShiftedSum = shiftedSum;
        }

        string sum = w.Const(0.0);
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "exp_sum", j =>
        {
            string v = w.F(), shifted = w.F();
            w.Op($"ld.global.f32 {v}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
            w.Op($"sub.rn.f32 {shifted}, {v}, {max}");
            string e = PtxMathLibrary.Exp(w, shifted);
            w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, c.Gradients, j)}], {e}");
            w.Op($"add.rn.f32 {sum}, {sum}, {e}");
        });
        WarpReductions.AllReduce(w, sum, "add");

        string margin = w.F(), loss = w.F();
        w.Op($"sub.rn.f32 {margin}, {labelLogit}, {max}");
        string labelScale = null!, uniformScale = null!;
        if (smoothing > 0)
        {
            // The target's weighted margin: (1 − ε)(x_label − m) + (ε/K)·Σ_j (x_j − m).
            string shiftedSum = c.ShiftedSum!;
            string weighted = w.F(), uniform = w.F();
            w.Op($"mul.rn.f32 {weighted}, {margin}, {PtxWriter.Float(1 - smoothing)}");
            w.Op($"fma.rn.f32 {uniform}, {shiftedSum}, {PtxWriter.Float(smoothing / c.Columns)}, {weighted}");
            margin = uniform;
        }
        w.Op($"sub.rn.f32 {loss}, {PtxMathLibrary.Log(w, sum)}, {margin}");

        string batch = w.F(), scale = w.F(), factor = w.F();
        w.Op($"cvt.rn.f32.u32 {batch}, {c.Frame.Batch}");
        w.Op($"div.rn.f32 {scale}, {PtxWriter.Float(1.0)}, {batch}");
        w.Op($"div.rn.f32 {factor}, {scale}, {sum}");
        if (smoothing > 0)
        {
            labelScale = PtxMathLibrary.Multiply(w, w.Const(1 - smoothing), scale);
            uniformScale = PtxMathLibrary.Multiply(w, w.Const(smoothing / c.Columns), scale);
        }
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "gradient", j =>
        {
            string address = ModelKernelFrame.Element(w, c.Gradients, j);
            string e = w.F(), scaled = w.F(), reduced = w.F(), isLabel = w.P(), result = w.F();
            w.Op($"ld.global.f32 {e}, [{address}]");
            w.Op($"mul.rn.f32 {scaled}, {e}, {factor}");
            if (smoothing > 0)
            {
                w.Op($"sub.rn.f32 {scaled}, {scaled}, {uniformScale}");
                w.Op($"sub.rn.f32 {reduced}, {scaled}, {labelScale}");
            }
            else w.Op($"sub.rn.f32 {reduced}, {scaled}, {scale}");
            w.Op($"setp.eq.s32 {isLabel}, {j}, {label}");
            w.Op($"selp.f32 {result}, {reduced}, {scaled}, {isLabel}");
            w.Op($"st.global.f32 [{address}], {result}");
        });

        string hit = w.P(), correct = w.R();
        w.Op($"setp.eq.s32 {hit}, {first}, {label}");
        w.Op($"selp.b32 {correct}, 1, 0, {hit}");
        return (loss, correct);
    }

    /// <summary>Σ (p − t)², gradient 2(p − t)·scale with scale = 1/(batch·columns).</summary>
    private static (string Loss, string Correct) SquaredError(RowContext c)
    {
        PtxWriter w = c.W;
        string targets = TargetRow(c);
        string twiceScale = w.F();
        w.Op($"add.rn.f32 {twiceScale}, {GradientScale(c)}, {GradientScale(c)}");
        string sum = w.Const(0.0);
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "squares", j =>
        {
            string p = w.F(), t = w.F(), d = w.F(), g = w.F(), square = w.F();
            w.Op($"ld.global.f32 {p}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
            w.Op($"ld.global.f32 {t}, [{ModelKernelFrame.Element(w, targets, j)}]");
            w.Op($"sub.rn.f32 {d}, {p}, {t}");
            w.Op($"mul.rn.f32 {g}, {d}, {twiceScale}");
            w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, c.Gradients, j)}], {g}");
            w.Op($"mul.rn.f32 {square}, {d}, {d}");
            w.Op($"add.rn.f32 {sum}, {sum}, {square}");
        });
        WarpReductions.AllReduce(w, sum, "add");
        return (sum, w.ConstInt(0));
    }

    /// <summary>
    /// A [Loss] method's mean: the row sum of the expression's values, each gradient 1/(batch·columns)
    /// (the CPU's GraphKernels.SumWithGradient fills the gradient with scale/n).
    /// </summary>
    private static (string Loss, string Correct) Sum(RowContext c)
    {
        PtxWriter w = c.W;
        string scale = GradientScale(c);
        string sum = w.Const(0.0);
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "terms", j =>
        {
            string x = w.F();
            w.Op($"ld.global.f32 {x}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
            w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, c.Gradients, j)}], {scale}");
            w.Op($"add.rn.f32 {sum}, {sum}, {x}");
        });
        WarpReductions.AllReduce(w, sum, "add");
        return (sum, w.ConstInt(0));
    }

    /// <summary>
    /// Huber with δ: Σ m·(|d| − ½m) with d = p − t and m = min(|d|, δ); gradient clamp(d, −δ, δ)·scale,
    /// scale = 1/(batch·columns), the CPU term's operations in its order.
    /// </summary>
    private static (string Loss, string Correct) Huber(RowContext c, double delta)
    {
        PtxWriter w = c.W;
        string targets = TargetRow(c);
        string scale = GradientScale(c);
        string sum = w.Const(0.0);
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "huber", j =>
        {
            string p = w.F(), t = w.F(), d = w.F(), clamped = w.F(), magnitude = w.F(), inner = w.F(), half = w.F(), rest = w.F();
            w.Op($"ld.global.f32 {p}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
            w.Op($"ld.global.f32 {t}, [{ModelKernelFrame.Element(w, targets, j)}]");
            w.Op($"sub.rn.f32 {d}, {p}, {t}");
            w.Op($"min.f32 {clamped}, {d}, {PtxWriter.Float(delta)}");
            w.Op($"max.f32 {clamped}, {clamped}, {PtxWriter.Float(-delta)}");
            w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, c.Gradients, j)}], {PtxMathLibrary.Multiply(w, clamped, scale)}");
            w.Op($"abs.f32 {magnitude}, {d}");
            w.Op($"min.f32 {inner}, {magnitude}, {PtxWriter.Float(delta)}");
            w.Op($"mul.rn.f32 {half}, {inner}, {PtxWriter.Float(0.5)}");
            w.Op($"sub.rn.f32 {rest}, {magnitude}, {half}");
            w.Op($"add.rn.f32 {sum}, {sum}, {PtxMathLibrary.Multiply(w, inner, rest)}");
        });
        WarpReductions.AllReduce(w, sum, "add");
        return (sum, w.ConstInt(0));
    }

    /// <summary>
    /// max(x, 0) − x·t + log1p(e) with e = e^−|x|; gradient (σ(x) − t)·scale; a hit when
    /// (x &gt; 0) = (t &gt; ½), as the CPU metric counts.
    /// </summary>
    private static (string Loss, string Correct) BinaryCrossEntropy(RowContext c)
    {
        PtxWriter w = c.W;
        string targets = TargetRow(c);
        string scale = GradientScale(c);
        string sum = w.Const(0.0), hits = w.ConstInt(0);
        WarpReductions.LaneLoop(w, c.Lane, c.Columns, "terms", j =>
        {
            string x = w.F(), t = w.F();
            w.Op($"ld.global.f32 {x}, [{ModelKernelFrame.Element(w, c.Values, j)}]");
            w.Op($"ld.global.f32 {t}, [{ModelKernelFrame.Element(w, targets, j)}]");
            string e = PtxMathLibrary.ExpOfNegativeMagnitude(w, x);
            string positive = w.P(), numerator = w.F(), denominator = w.F(), sigmoid = w.F(), g = w.F();
            w.Op($"setp.gt.f32 {positive}, {x}, {PtxWriter.Float(0.0)}");
            w.Op($"selp.f32 {numerator}, {PtxWriter.Float(1.0)}, {e}, {positive}");
            w.Op($"add.rn.f32 {denominator}, {e}, {PtxWriter.Float(1.0)}");
            w.Op($"div.rn.f32 {sigmoid}, {numerator}, {denominator}");
            w.Op($"sub.rn.f32 {g}, {sigmoid}, {t}");
            w.Op($"mul.rn.f32 {g}, {g}, {scale}");
            w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, c.Gradients, j)}], {g}");
            string linear = w.F(), product = w.F(), term = w.F();
            w.Op($"max.f32 {linear}, {x}, {PtxWriter.Float(0.0)}");
            w.Op($"mul.rn.f32 {product}, {x}, {t}");
            w.Op($"sub.rn.f32 {linear}, {linear}, {product}");
            w.Op($"add.rn.f32 {term}, {linear}, {PtxMathLibrary.Log1p(w, e)}");
            w.Op($"add.rn.f32 {sum}, {sum}, {term}");
            string positiveTarget = w.P(), differ = w.P();
            w.Op($"setp.gt.f32 {positiveTarget}, {t}, {PtxWriter.Float(0.5)}");
            w.Op($"xor.pred {differ}, {positive}, {positiveTarget}");
            string hit = w.R();
            w.Op($"selp.b32 {hit}, 0, 1, {differ}");
            w.Op($"add.s32 {hits}, {hits}, {hit}");
        });
        WarpReductions.AllReduce(w, sum, "add");
        WarpReductions.AllReduce(w, hits, "add", "s32");
        return (sum, hits);
    }

    private static string TargetRow(RowContext c)
    {
        PtxWriter w = c.W;
        string start = w.R();
        w.Op($"mul.lo.s32 {start}, {c.Row}, {c.Columns}");
        return ModelKernelFrame.Element(w, c.Frame.Base("p_targets"), start);
    }

    /// <summary>1/(batch·columns), rounded as the CPU computes T.One / count.</summary>
    private static string GradientScale(RowContext c)
    {
        PtxWriter w = c.W;
        string count = w.R(), countFloat = w.F(), scale = w.F();
        w.Op($"mul.lo.s32 {count}, {c.Frame.Batch}, {c.Columns}");
        w.Op($"cvt.rn.f32.u32 {countFloat}, {count}");
        w.Op($"div.rn.f32 {scale}, {PtxWriter.Float(1.0)}, {countFloat}");
        return scale;
    }
}
