using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// One warp per row (or per (row, group)): the softmax family with its gradients and the layer,
/// group and RMS normalizations with theirs, in the CPU kernels' formulas and rounding order
/// (src/ModelGen/Kernels/Layers: RowSoftmaxFamilyKernels, GroupNormKernels, RmsNormKernels). The
/// CPU sums in double; the warp sums floats, within the comparison's float32 tolerance.
/// </summary>
internal static class RowKernels
{
    /// <summary>Softmax, LogSoftmax, LogSumExp and the softmax and log-softmax gradients.</summary>
    public static void SoftmaxFamily(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0];
        int width = x.Columns;
        string inverseTemperature = PtxWriter.Float(1 / op.Temperature);
        LayerKernels.WarpPerRow(frame, 1, (row, _, _, lane) =>
        {
            string start = w.R();
            w.Op($"mul.lo.s32 {start}, {row}, {PtxWriter.Number(width)}");
            switch (op.Kind)
            {
                case OpKind.Softmax or OpKind.LogSoftmax:
                {
                    Value y = op.Output;
                    // y = x·(1/T) first, as the CPU scales into y before its max and sum.
                    string max = w.Const(float.NegativeInfinity);
                    WarpReductions.LaneLoop(w, lane, width, "scale", j =>
                    {
                        string scaled = PtxMathLibrary.Multiply(w, LayerKernels.LoadAt(frame, x, start, j), inverseTemperature);
                        w.Op($"st.global.f32 [{LayerKernels.At(frame, y, start, j)}], {scaled}");
                        w.Op($"max.f32 {max}, {max}, {scaled}");
                    });
                    WarpReductions.AllReduce(w, max, "max");
                    bool softmax = op.Kind == OpKind.Softmax;
                    string sum = LayerKernels.WarpSum(w, lane, width, "exp_sum", j =>
                    {
                        string shifted = w.F();
                        w.Op($"sub.rn.f32 {shifted}, {LayerKernels.LoadAt(frame, y, start, j)}, {max}");
                        string e = PtxMathLibrary.Exp(w, shifted);
                        if (softmax) w.Op($"st.global.f32 [{LayerKernels.At(frame, y, start, j)}], {e}");
                        return e;
                    });
                    if (softmax)
                    {
                        string factor = w.F();
                        w.Op($"div.rn.f32 {factor}, {PtxWriter.Float(1.0)}, {sum}");
                        WarpReductions.LaneLoop(w, lane, width, "normalize", j =>
                        {
                            string address = LayerKernels.At(frame, y, start, j), e = w.F();
                            w.Op($"ld.global.f32 {e}, [{address}]");
                            w.Op($"st.global.f32 [{address}], {PtxMathLibrary.Multiply(w, e, factor)}");
                        });
                    }
                    else
                    {
                        string logSum = PtxMathLibrary.Log(w, sum);
                        WarpReductions.LaneLoop(w, lane, width, "shift", j =>
                        {
                            string address = LayerKernels.At(frame, y, start, j), v = w.F(), result = w.F();
                            w.Op($"ld.global.f32 {v}, [{address}]");
                            w.Op($"sub.rn.f32 {result}, {v}, {max}");
                            w.Op($"sub.rn.f32 {result}, {result}, {logSum}");
                            w.Op($"st.global.f32 [{address}], {result}");
                        });
                    }
                    break;
                }
                case OpKind.LogSumExp:
                {
                    string max = w.Const(float.NegativeInfinity);
                    WarpReductions.LaneLoop(w, lane, width, "max", j => w.Op($"max.f32 {max}, {max}, {LayerKernels.LoadAt(frame, x, start, j)}"));
                    WarpReductions.AllReduce(w, max, "max");
                    string sum = LayerKernels.WarpSum(w, lane, width, "exp_sum", j =>
                    {
                        string shifted = w.F();
                        w.Op($"sub.rn.f32 {shifted}, {LayerKernels.LoadAt(frame, x, start, j)}, {max}");
                        return PtxMathLibrary.Exp(w, shifted);
                    });
                    string result = w.F(), infinite = w.P();
                    w.Op($"add.rn.f32 {result}, {max}, {PtxMathLibrary.Log(w, sum)}");
                    // An all −∞ row has logsumexp −∞, not the NaN of −∞ − (−∞).
                    w.Op($"setp.eq.f32 {infinite}, {max}, {PtxWriter.Float(float.NegativeInfinity)}");
                    w.Op($"selp.f32 {result}, {max}, {result}, {infinite}");
                    LayerKernels.StoreFromLaneZero(frame, op.Output, row, lane, result);
                    break;
                }
                case OpKind.SoftmaxGradient:
                {
                    Value dy = op.Inputs[1];
                    string dot = LayerKernels.WarpSum(w, lane, width, "dot", j =>
                        PtxMathLibrary.Multiply(w, LayerKernels.LoadAt(frame, dy, start, j), LayerKernels.LoadAt(frame, x, start, j)));
                    WarpReductions.LaneLoop(w, lane, width, "gradient", j =>
                    {
                        string y = LayerKernels.LoadAt(frame, x, start, j), d = LayerKernels.LoadAt(frame, dy, start, j);
                        string scaled = PtxMathLibrary.Multiply(w, inverseTemperature, y), difference = w.F();
                        w.Op($"sub.rn.f32 {difference}, {d}, {dot}");
                        w.Op($"st.global.f32 [{LayerKernels.At(frame, op.Output, start, j)}], {PtxMathLibrary.Multiply(w, scaled, difference)}");
                    });
                    break;
                }
                default: // LogSoftmaxGradient: dx = (1/T)·(dy − e^y·Σ dy).
                {
                    Value dy = op.Inputs[1];
                    string sum = LayerKernels.WarpSum(w, lane, width, "sum", j => LayerKernels.LoadAt(frame, dy, start, j));
                    WarpReductions.LaneLoop(w, lane, width, "gradient", j =>
                    {
                        string e = PtxMathLibrary.Exp(w, LayerKernels.LoadAt(frame, x, start, j));
                        string difference = w.F();
                        w.Op($"sub.rn.f32 {difference}, {LayerKernels.LoadAt(frame, dy, start, j)}, {PtxMathLibrary.Multiply(w, e, sum)}");
                        w.Op($"st.global.f32 [{LayerKernels.At(frame, op.Output, start, j)}], {PtxMathLibrary.Multiply(w, inverseTemperature, difference)}");
                    });
                    break;
                }
            }
        });
    }

    /// <summary>
    /// Layer/group normalization per (row, group) of length L: m = Σx/L, then the corrected two-pass
    /// c = Σ(x − m)/L, var = max(Σ(x − m)²/L − c², 0), 1/σ = 1/√(var + ε); mean = m + c and 1/σ are
    /// kept; y = ((x − m) − c)·(1/σ)·γ + β. RMS: 1/rms = 1/√(Σx²/W + ε), y = x·(1/rms)·γ.
    /// </summary>
    public static void Normalize(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0], gamma = op.Inputs[1], y = op.Output;
        int groups = op.Norm == NormKind.Rms ? 1 : op.Groups, length = x.Columns / groups;
        string lengthFloat = PtxWriter.Float((double)length);
        LayerKernels.WarpPerRow(frame, groups, (_, segment, group, lane) =>
        {
            string start = w.R(), parameterStart = w.R();
            w.Op($"mul.lo.s32 {start}, {segment}, {PtxWriter.Number(length)}");
            w.Op($"mul.lo.s32 {parameterStart}, {group}, {PtxWriter.Number(length)}");
            if (op.Norm == NormKind.Rms)
            {
                string squares = LayerKernels.WarpSum(w, lane, length, "squares", j =>
                {
                    string v = LayerKernels.LoadAt(frame, x, start, j);
                    return PtxMathLibrary.Multiply(w, v, v);
                });
                string inverse = InverseRoot(w, squares, lengthFloat, op.Epsilon);
                LayerKernels.StoreFromLaneZero(frame, op.Outputs[1], segment, lane, inverse);
                WarpReductions.LaneLoop(w, lane, length, "apply", j =>
                {
                    string scaled = PtxMathLibrary.Multiply(w, LayerKernels.LoadAt(frame, x, start, j), inverse);
                    string result = PtxMathLibrary.Multiply(w, scaled, LayerKernels.LoadAt(frame, gamma, parameterStart, j));
                    w.Op($"st.global.f32 [{LayerKernels.At(frame, y, start, j)}], {result}");
                });
                return;
            }
            Value beta = op.Inputs[2];
            string sum = LayerKernels.WarpSum(w, lane, length, "sum", j => LayerKernels.LoadAt(frame, x, start, j));
            string m = w.F();
            w.Op($"div.rn.f32 {m}, {sum}, {lengthFloat}");
            string deviations = w.Const(0.0), squaresOfDeviations = w.Const(0.0);
            WarpReductions.LaneLoop(w, lane, length, "deviations", j =>
            {
                string d = w.F();
                w.Op($"sub.rn.f32 {d}, {LayerKernels.LoadAt(frame, x, start, j)}, {m}");
                w.Op($"add.rn.f32 {deviations}, {deviations}, {d}");
                w.Op($"add.rn.f32 {squaresOfDeviations}, {squaresOfDeviations}, {PtxMathLibrary.Multiply(w, d, d)}");
            });
            WarpReductions.AllReduce(w, deviations, "add");
            WarpReductions.AllReduce(w, squaresOfDeviations, "add");
            string c = w.F(), meanSquare = w.F(), variance = w.F();
            w.Op($"div.rn.f32 {c}, {deviations}, {lengthFloat}");
            w.Op($"div.rn.f32 {meanSquare}, {squaresOfDeviations}, {lengthFloat}");
            w.Op($"sub.rn.f32 {variance}, {meanSquare}, {PtxMathLibrary.Multiply(w, c, c)}");
            w.Op($"max.f32 {variance}, {variance}, {PtxWriter.Float(0.0)}");
            string inverseStd = InverseRoot(w, variance, null, op.Epsilon);
            string mean = w.F();
            w.Op($"add.rn.f32 {mean}, {m}, {c}");
            LayerKernels.StoreFromLaneZero(frame, op.Outputs[1], segment, lane, mean);
            LayerKernels.StoreFromLaneZero(frame, op.Outputs[2], segment, lane, inverseStd);
            WarpReductions.LaneLoop(w, lane, length, "apply", j =>
            {
                string centered = w.F();
                w.Op($"sub.rn.f32 {centered}, {LayerKernels.LoadAt(frame, x, start, j)}, {m}");
                w.Op($"sub.rn.f32 {centered}, {centered}, {c}");
                string normalized = PtxMathLibrary.Multiply(w, centered, inverseStd), result = w.F();
                w.Op($"fma.rn.f32 {result}, {normalized}, {LayerKernels.LoadAt(frame, gamma, parameterStart, j)}, {LayerKernels.LoadAt(frame, beta, parameterStart, j)}");
                w.Op($"st.global.f32 [{LayerKernels.At(frame, y, start, j)}], {result}");
            });
        });
    }

    /// <summary>1/√(sum/length + ε) (length null: sum is already the mean).</summary>
    private static string InverseRoot(PtxWriter w, string sum, string? lengthFloat, double epsilon)
    {
        string mean = sum;
        if (lengthFloat is not null)
        {
            mean = w.F();
            w.Op($"div.rn.f32 {mean}, {sum}, {lengthFloat}");
        }
        string shifted = w.F(), root = w.F(), inverse = w.F();
        w.Op($"add.rn.f32 {shifted}, {mean}, {PtxWriter.Float(epsilon)}");
        w.Op($"sqrt.rn.f32 {root}, {shifted}");
        w.Op($"div.rn.f32 {inverse}, {PtxWriter.Float(1.0)}, {root}");
        return inverse;
    }

    /// <summary>
    /// dx per (row, group), g = dy·γ: layer/group dx = (g − mean(g) − x̂·mean(g·x̂))·(1/σ) with
    /// x̂ = (x − mean)·(1/σ); RMS dx = (g − x·k)·(1/rms) with k = Σ g·x·(1/rms)²/W.
    /// </summary>
    public static void NormalizeInputGradient(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0], dy = op.Inputs[1], gamma = op.Inputs[2], dx = op.Outputs[0];
        bool rms = op.Norm == NormKind.Rms;
        int groups = rms ? 1 : op.Groups, length = x.Columns / groups;
        string lengthFloat = PtxWriter.Float((double)length);
        LayerKernels.WarpPerRow(frame, groups, (_, segment, group, lane) =>
        {
            string start = w.R(), parameterStart = w.R();
            w.Op($"mul.lo.s32 {start}, {segment}, {PtxWriter.Number(length)}");
            w.Op($"mul.lo.s32 {parameterStart}, {group}, {PtxWriter.Number(length)}");
            string G(string j) => PtxMathLibrary.Multiply(w, LayerKernels.LoadAt(frame, dy, start, j), LayerKernels.LoadAt(frame, gamma, parameterStart, j));
            if (rms)
            {
                string inverse = LayerKernels.Load(frame, op.Inputs[3], segment);
                string dot = LayerKernels.WarpSum(w, lane, length, "dot", j => PtxMathLibrary.Multiply(w, G(j), LayerKernels.LoadAt(frame, x, start, j)));
                string k = w.F();
                w.Op($"div.rn.f32 {k}, {PtxMathLibrary.Multiply(w, PtxMathLibrary.Multiply(w, dot, inverse), inverse)}, {lengthFloat}");
                WarpReductions.LaneLoop(w, lane, length, "apply", j =>
                {
                    string difference = w.F();
                    w.Op($"sub.rn.f32 {difference}, {G(j)}, {PtxMathLibrary.Multiply(w, LayerKernels.LoadAt(frame, x, start, j), k)}");
                    w.Op($"st.global.f32 [{LayerKernels.At(frame, dx, start, j)}], {PtxMathLibrary.Multiply(w, difference, inverse)}");
                });
                return;
            }
            string mean = LayerKernels.Load(frame, op.Inputs[3], segment), inverseStd = LayerKernels.Load(frame, op.Inputs[4], segment);
            string Centered(string j)
            {
                string d = w.F();
                w.Op($"sub.rn.f32 {d}, {LayerKernels.LoadAt(frame, x, start, j)}, {mean}");
                return d;
            }
            string sumG = LayerKernels.WarpSum(w, lane, length, "sum", G);
            string sumGX = LayerKernels.WarpSum(w, lane, length, "dot", j => PtxMathLibrary.Multiply(w, G(j), Centered(j)));
            string meanG = w.F(), meanGXhat = w.F();
            w.Op($"div.rn.f32 {meanG}, {sumG}, {lengthFloat}");
            w.Op($"div.rn.f32 {meanGXhat}, {PtxMathLibrary.Multiply(w, sumGX, inverseStd)}, {lengthFloat}");
            WarpReductions.LaneLoop(w, lane, length, "apply", j =>
            {
                string xhat = PtxMathLibrary.Multiply(w, Centered(j), inverseStd), difference = w.F();
                w.Op($"sub.rn.f32 {difference}, {G(j)}, {meanG}");
                w.Op($"sub.rn.f32 {difference}, {difference}, {PtxMathLibrary.Multiply(w, xhat, meanGXhat)}");
                w.Op($"st.global.f32 [{LayerKernels.At(frame, dx, start, j)}], {PtxMathLibrary.Multiply(w, difference, inverseStd)}");
            });
        });
    }

    /// <summary>
    /// dγ = Σ_rows dy·x̂ and dβ = Σ_rows dy, one thread per feature j = g·L + t (g = ctaid.y) summing
    /// the rows in order; x̂ = (x − mean)·(1/σ), or x·(1/rms) for RMS (whose dγ term is (dy·x)·(1/rms)).
    /// </summary>
    public static void NormalizeParameterGradient(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0], dy = op.Inputs[1];
        bool rms = op.Norm == NormKind.Rms;
        int groups = rms ? 1 : op.Groups, length = x.Columns / groups, width = x.Columns;
        string t = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, t, w.ConstInt(length));
        string group = w.R(), column = w.R();
        w.Op($"mov.u32 {group}, %ctaid.y");
        w.Op($"mad.lo.s32 {column}, {group}, {PtxWriter.Number(length)}, {t}");
        string dGamma = w.Const(0.0), dBeta = w.Const(0.0), row = w.ConstInt(0), segment = w.R(), index = w.R();
        w.Op($"mov.u32 {segment}, {group}");
        w.Op($"mov.u32 {index}, {column}");
        string loop = w.NewLabel("rows"), done = w.NewLabel("rows_done");
        w.Place(loop);
        string finished = w.P();
        w.Op($"setp.ge.s32 {finished}, {row}, {frame.Batch}");
        w.Op($"@{finished} bra {done}");
        string d = LayerKernels.Load(frame, dy, index), v = LayerKernels.Load(frame, x, index);
        if (rms)
        {
            string inverse = LayerKernels.Load(frame, op.Inputs[3], segment);
            w.Op($"add.rn.f32 {dGamma}, {dGamma}, {PtxMathLibrary.Multiply(w, PtxMathLibrary.Multiply(w, d, v), inverse)}");
        }
        else
        {
            string mean = LayerKernels.Load(frame, op.Inputs[3], segment), inverseStd = LayerKernels.Load(frame, op.Inputs[4], segment);
            string centered = w.F();
            w.Op($"sub.rn.f32 {centered}, {v}, {mean}");
            string xhat = PtxMathLibrary.Multiply(w, centered, inverseStd);
            w.Op($"fma.rn.f32 {dGamma}, {d}, {xhat}, {dGamma}");
            w.Op($"add.rn.f32 {dBeta}, {dBeta}, {d}");
        }
        w.Op($"add.s32 {row}, {row}, 1");
        w.Op($"add.s32 {segment}, {segment}, {PtxWriter.Number(groups)}");
        w.Op($"add.s32 {index}, {index}, {PtxWriter.Number(width)}");
        w.Op($"bra {loop}");
        w.Place(done);
        LayerKernels.Store(frame, op.Outputs[1], column, dGamma);
        if (!rms) LayerKernels.Store(frame, op.Outputs[2], column, dBeta);
        w.Op("ret");
    }
}
