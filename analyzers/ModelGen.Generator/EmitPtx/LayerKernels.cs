using System;
using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// Kernels of the layer and graph-form ops, mirroring the CPU kernels (src/ModelGen/Kernels/Layers,
/// Graph): elementwise arithmetic, activations, log/exp, dropout with the CPU's counter-based mask,
/// column copies (concat and its slices), row sums and their broadcast. Three launch shapes:
/// one thread per element (256 per block), (column, row) threads in 32×8 blocks, and one warp per row.
/// </summary>
internal static class LayerKernels
{
    public const int BlockSize = 256, TileColumns = 32, TileRows = 8, RowsPerBlock = BlockSize / WarpReductions.WarpSize;

    /// <summary>One thread per element of a batch × <paramref name="columns"/> tensor: body(index).</summary>
    public static void Flat(ModelKernelFrame frame, int columns, Action<string> body)
    {
        PtxWriter w = frame.Writer;
        string count = w.R();
        w.Op($"mul.lo.s32 {count}, {frame.Batch}, {PtxWriter.Number(columns)}");
        string index = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, index, count);
        body(index);
        w.Op("ret");
    }

    public static string Load(ModelKernelFrame frame, Value value, string index)
    {
        PtxWriter w = frame.Writer;
        string v = w.F();
        w.Op($"ld.global.f32 {v}, [{ModelKernelFrame.Element(w, frame.Pointer(value), index)}]");
        return v;
    }

    public static void Store(ModelKernelFrame frame, Value value, string index, string v)
    {
        PtxWriter w = frame.Writer;
        w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, frame.Pointer(value), index)}], {v}");
    }

    /// <summary>The elementwise ops: Add, Subtract, Multiply, Affine, Activate, Log, Exp and the gradients that are maps.</summary>
    public static void Elementwise(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Flat(frame, op.Output.Columns, i =>
        {
            string result;
            switch (op.Kind)
            {
                case OpKind.Add or OpKind.Subtract or OpKind.Multiply or OpKind.DropoutGradient or OpKind.ExpGradient:
                {
                    // ExpGradient reads (y, dy) and the CPU multiplies dy·y; products commute exactly.
                    string a = Load(frame, op.Inputs[0], i), b = Load(frame, op.Inputs[1], i);
                    result = w.F();
                    string instruction = op.Kind switch { OpKind.Add => "add.rn.f32", OpKind.Subtract => "sub.rn.f32", _ => "mul.rn.f32" };
                    w.Op($"{instruction} {result}, {a}, {b}");
                    break;
                }
                case OpKind.LogGradient:
                {
                    string x = Load(frame, op.Inputs[0], i), dy = Load(frame, op.Inputs[1], i);
                    result = w.F();
                    w.Op($"div.rn.f32 {result}, {dy}, {x}");
                    break;
                }
                case OpKind.Affine:
                {
                    string x = Load(frame, op.Inputs[0], i);
                    result = w.F();
                    w.Op($"fma.rn.f32 {result}, {PtxWriter.Float(op.Scale)}, {x}, {PtxWriter.Float(op.Shift)}");
                    break;
                }
                case OpKind.Activate:
                    result = PtxActivations.Forward(w, op.Activation, op.Alpha, Load(frame, op.Inputs[0], i));
                    break;
                case OpKind.Log: result = PtxMathLibrary.Log(w, Load(frame, op.Inputs[0], i)); break;
                case OpKind.Exp: result = PtxMathLibrary.Exp(w, Load(frame, op.Inputs[0], i)); break;
                default: throw new InvalidOperationException($"{op.Kind} is not an elementwise kernel.");
            }
            Store(frame, op.Output, i, result);
        });
    }

    private const ulong Golden = 0x9E3779B97F4A7C15UL, MixA = 0xBF58476D1CE4E5B9UL, MixB = 0x94D049BB133111EBUL;

    /// <summary>
    /// Inverted dropout with the CPU's mask bit for bit: the layer's seed is Mix(p_seed + layer), the
    /// element's number SplitMix64(seed + (i + 1)·golden) &gt;&gt; 11 is kept when it is at least
    /// ⌈p·2⁵³⌉ (the CPU's u·2⁻⁵³ ≥ p, exactly). Without p_training, y = x and the mask is untouched.
    /// </summary>
    public static void Dropout(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0], y = op.Outputs[0], mask = op.Outputs[1];
        double probability = op.Probability;
        ulong threshold = (ulong)Math.Ceiling(probability * 9007199254740992.0);
        float scale = (float)(1 / (1 - probability));
        Flat(frame, y.Columns, i =>
        {
            string value = Load(frame, x, i);
            string training = w.R(), evaluating = w.P();
            w.Op($"ld.param.u32 {training}, [p_training]");
            w.Op($"setp.eq.s32 {evaluating}, {training}, 0");
            string copy = w.NewLabel("evaluation");
            w.Op($"@{evaluating} bra {copy}");
            string seed = w.Rd();
            w.Op($"ld.param.u64 {seed}, [p_seed]");
            w.Op($"add.s64 {seed}, {seed}, {PtxWriter.Number(op.LayerIndex)}");
            Mix(w, seed);
            string counter = w.Rd();
            w.Op($"cvt.u64.u32 {counter}, {i}");
            w.Op($"add.s64 {counter}, {counter}, 1");
            w.Op($"mul.lo.u64 {counter}, {counter}, {Immediate(Golden)}");
            w.Op($"add.s64 {counter}, {counter}, {seed}");
            Mix(w, counter);
            w.Op($"shr.u64 {counter}, {counter}, 11");
            string keep = w.P(), factor = w.F(), result = w.F();
            w.Op($"setp.ge.u64 {keep}, {counter}, {Immediate(threshold)}");
            w.Op($"selp.f32 {factor}, {PtxWriter.Float(scale)}, {PtxWriter.Float(0.0)}, {keep}");
            Store(frame, mask, i, factor);
            w.Op($"mul.rn.f32 {result}, {value}, {factor}");
            Store(frame, y, i, result);
            w.Op("ret");
            w.Place(copy);
            Store(frame, y, i, value);
        });
    }

    /// <summary>SplitMix64's output mix, in place.</summary>
    private static void Mix(PtxWriter w, string z)
    {
        string t = w.Rd();
        w.Op($"shr.u64 {t}, {z}, 30");
        w.Op($"xor.b64 {z}, {z}, {t}");
        w.Op($"mul.lo.u64 {z}, {z}, {Immediate(MixA)}");
        w.Op($"shr.u64 {t}, {z}, 27");
        w.Op($"xor.b64 {z}, {z}, {t}");
        w.Op($"mul.lo.u64 {z}, {z}, {Immediate(MixB)}");
        w.Op($"shr.u64 {t}, {z}, 31");
        w.Op($"xor.b64 {z}, {z}, {t}");
    }

    /// <summary>A 64-bit integer immediate, written as its signed decimal (PTX integer literals are 64-bit).</summary>
    private static string Immediate(ulong value) => unchecked((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Threads over (column, row) of a batch × <paramref name="columns"/> result: body(row, column).</summary>
    public static void Tiled(ModelKernelFrame frame, int columns, Action<string, string> body)
    {
        PtxWriter w = frame.Writer;
        string column = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, column, w.ConstInt(columns));
        string block = w.R(), height = w.R(), thread = w.R(), row = w.R();
        w.Op($"mov.u32 {block}, %ctaid.y");
        w.Op($"mov.u32 {height}, %ntid.y");
        w.Op($"mov.u32 {thread}, %tid.y");
        w.Op($"mad.lo.s32 {row}, {block}, {height}, {thread}");
        ElementwiseKernels.ExitWhenAtLeast(w, row, frame.Batch);
        body(row, column);
        w.Op("ret");
    }

    /// <summary>destination[r, destinationOffset + c] = source[r, sourceOffset + c] for c &lt; width: concatenation and slices.</summary>
    public static void CopyColumns(ModelKernelFrame frame, Value source, int sourceOffset, Value destination, int destinationOffset, int width)
    {
        PtxWriter w = frame.Writer;
        Tiled(frame, width, (row, column) =>
        {
            string from = w.R(), to = w.R();
            w.Op($"mad.lo.s32 {from}, {row}, {PtxWriter.Number(source.Columns)}, {column}");
            if (sourceOffset != 0) w.Op($"add.s32 {from}, {from}, {PtxWriter.Number(sourceOffset)}");
            w.Op($"mad.lo.s32 {to}, {row}, {PtxWriter.Number(destination.Columns)}, {column}");
            if (destinationOffset != 0) w.Op($"add.s32 {to}, {to}, {PtxWriter.Number(destinationOffset)}");
            Store(frame, destination, to, Load(frame, source, from));
        });
    }

    /// <summary>dx[r, c] = dy[r] (RowSumGradient) or dx[r, c] = dy[r]·e^(x[r, c] − y[r]) (LogSumExpGradient).</summary>
    public static void Broadcast(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value result = op.Output;
        Tiled(frame, result.Columns, (row, column) =>
        {
            string index = w.R();
            w.Op($"mad.lo.s32 {index}, {row}, {PtxWriter.Number(result.Columns)}, {column}");
            string value;
            if (op.Kind == OpKind.RowSumGradient) value = Load(frame, op.Inputs[0], row);
            else
            {
                string x = Load(frame, op.Inputs[0], index), y = Load(frame, op.Inputs[1], row), dy = Load(frame, op.Inputs[2], row);
                string shifted = w.F();
                w.Op($"sub.rn.f32 {shifted}, {x}, {y}");
                value = PtxMathLibrary.Multiply(w, dy, PtxMathLibrary.Exp(w, shifted));
            }
            Store(frame, result, index, value);
        });
    }

    /// <summary>
    /// One warp per (row, group): group g = ctaid.y, row = the warp's number along x. body gets the
    /// row, the group's segment number (row·groups + g), the group register and the lane.
    /// </summary>
    public static void WarpPerRow(ModelKernelFrame frame, int groups, Action<string, string, string, string> body)
    {
        PtxWriter w = frame.Writer;
        string row = w.R(), lane = w.R(), group = w.R(), segment = w.R();
        w.Op($"shr.u32 {row}, {ModelKernelFrame.GlobalThreadIndex(w)}, 5");
        w.Op($"mov.u32 {lane}, %laneid");
        // The whole warp shares the row, so it leaves together and no shuffle loses a lane.
        ElementwiseKernels.ExitWhenAtLeast(w, row, frame.Batch);
        w.Op($"mov.u32 {group}, %ctaid.y");
        w.Op($"mad.lo.s32 {segment}, {row}, {PtxWriter.Number(groups)}, {group}");
        body(row, segment, group, lane);
        w.Op("ret");
    }

    /// <summary>Σ over a warp's strided elements of term(j), reduced so that every lane holds it.</summary>
    public static string WarpSum(PtxWriter w, string lane, int count, string hint, Func<string, string> term)
    {
        string sum = w.Const(0.0);
        WarpReductions.LaneLoop(w, lane, count, hint, j => w.Op($"add.rn.f32 {sum}, {sum}, {term(j)}"));
        WarpReductions.AllReduce(w, sum, "add");
        return sum;
    }

    /// <summary>The address of element <paramref name="offset"/> + j (a register) of a value.</summary>
    public static string At(ModelKernelFrame frame, Value value, string start, string j)
    {
        PtxWriter w = frame.Writer;
        string index = w.R();
        w.Op($"add.s32 {index}, {start}, {j}");
        return ModelKernelFrame.Element(w, frame.Pointer(value), index);
    }

    public static string LoadAt(ModelKernelFrame frame, Value value, string start, string j)
    {
        string v = frame.Writer.F();
        frame.Writer.Op($"ld.global.f32 {v}, [{At(frame, value, start, j)}]");
        return v;
    }

    /// <summary>y[r] = Σ_c x[r, c] (the CPU sums in double; a warp's float partial sums stay within the tolerance).</summary>
    public static void RowSum(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value x = op.Inputs[0];
        WarpPerRow(frame, 1, (row, _, _, lane) =>
        {
            string start = w.R();
            w.Op($"mul.lo.s32 {start}, {row}, {PtxWriter.Number(x.Columns)}");
            string sum = WarpSum(w, lane, x.Columns, "row_sum", j => LoadAt(frame, x, start, j));
            StoreFromLaneZero(frame, op.Output, row, lane, sum);
        });
    }

    public static void StoreFromLaneZero(ModelKernelFrame frame, Value value, string index, string lane, string v)
    {
        PtxWriter w = frame.Writer;
        string first = w.P();
        w.Op($"setp.eq.s32 {first}, {lane}, 0");
        string address = ModelKernelFrame.Element(w, frame.Pointer(value), index);
        w.Op($"@{first} st.global.f32 [{address}], {v}");
    }
}
