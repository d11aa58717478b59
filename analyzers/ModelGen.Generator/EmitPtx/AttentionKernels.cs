using System;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// The scaled dot-product core of self-attention (src/ModelGen/Kernels/Layers/AttentionKernels.cs):
/// one thread per (sample, head, position), 256 per block. q, k, v and the output are
/// batch × (sequence·modelDim); head h of a position takes columns h·headDim .. (h+1)·headDim.
/// Forward: the thread of query i writes its probability row (scores q_i·k_j/√d, max-shifted
/// softmax over the visible keys, zeros past them when causal) and its output row. Backward, without
/// atomics: the thread of position t writes dq_t (t as a query) and dk_t, dv_t (t as a key,
/// re-deriving each query's Σ_j P_ij·dP_ij), so every gradient entry has one writer and a fixed order.
/// The work is O(sequence²·headDim) per thread: meant for short sequences.
/// </summary>
internal static class AttentionKernels
{
    public const int BlockSize = LayerKernels.BlockSize;

    private sealed class Shape
    {
        public Shape(ModelKernelFrame frame, Op op, Value q, Value k, Value v, Value probabilities)
        {
            W = frame.Writer;
            Sequence = op.Sequence;
            ModelDim = q.Columns / op.Sequence;
            HeadDim = ModelDim / op.Heads;
            Causal = op.Causal;
            Scale = 1 / Math.Sqrt(HeadDim);
            Q = frame.Pointer(q); K = frame.Pointer(k); V = frame.Pointer(v); P = frame.Pointer(probabilities);
        }

        public PtxWriter W { get; }
        public int Sequence { get; }
        public int ModelDim { get; }
        public int HeadDim { get; }
        public bool Causal { get; }
        public double Scale { get; }
        public string Q { get; }
        public string K { get; }
        public string V { get; }
        public string P { get; }
        /// <summary>Element index of head h of position 0 of this thread's sample.</summary>
        public string Head { get; set; } = "";
        /// <summary>Element index of this thread's first probability row entry of position 0 (sample, head).</summary>
        public string ProbabilityBase { get; set; } = "";

        /// <summary>Element index of head h of position <paramref name="position"/>.</summary>
        public string Row(string position)
        {
            string index = W.R();
            W.Op($"mad.lo.s32 {index}, {position}, {ModelDim}, {Head}");
            return index;
        }

        /// <summary>How many keys query i sees: i + 1 when causal, all otherwise.</summary>
        public string Visible(string i)
        {
            if (!Causal) return W.ConstInt(Sequence);
            string visible = W.R();
            W.Op($"add.s32 {visible}, {i}, 1");
            return visible;
        }

        /// <summary>P_ij's address.</summary>
        public string Probability(string i, string j)
        {
            string index = W.R();
            W.Op($"mad.lo.s32 {index}, {i}, {Sequence}, {ProbabilityBase}");
            W.Op($"add.s32 {index}, {index}, {j}");
            return ModelKernelFrame.Element(W, P, index);
        }

        public string Load(string pointer, string index)
        {
            string value = W.F();
            W.Op($"ld.global.f32 {value}, [{ModelKernelFrame.Element(W, pointer, index)}]");
            return value;
        }

        /// <summary>Σ_d a[aRow + d]·b[bRow + d] over the head's columns, d ascending.</summary>
        public string Dot(string a, string aRow, string b, string bRow)
        {
            string sum = W.Const(0.0);
            For(W, W.ConstInt(0), W.ConstInt(HeadDim), "dot", d =>
            {
                string ai = W.R(), bi = W.R();
                W.Op($"add.s32 {ai}, {aRow}, {d}");
                W.Op($"add.s32 {bi}, {bRow}, {d}");
                W.Op($"fma.rn.f32 {sum}, {Load(a, ai)}, {Load(b, bi)}, {sum}");
            });
            return sum;
        }
    }

    /// <summary>for (i = start; i &lt; end; i++) body(i).</summary>
    private static void For(PtxWriter w, string start, string end, string hint, Action<string> body) =>
        WarpReductions.Loop(w, start, end, 1, hint, body);

    /// <summary>Splits the thread index e = (b·heads + h)·sequence + position; sets the shape's head and probability bases; returns the position.</summary>
    private static string Locate(Shape s, Op op, string e)
    {
        PtxWriter w = s.W;
        string sampleHead = w.R(), position = w.R(), sample = w.R(), head = w.R();
        w.Op($"div.u32 {sampleHead}, {e}, {s.Sequence}");
        w.Op($"rem.u32 {position}, {e}, {s.Sequence}");
        w.Op($"div.u32 {sample}, {sampleHead}, {op.Heads}");
        w.Op($"rem.u32 {head}, {sampleHead}, {op.Heads}");
        string headIndex = w.R();
        w.Op($"mul.lo.s32 {headIndex}, {head}, {s.HeadDim}");
        w.Op($"mad.lo.s32 {headIndex}, {sample}, {s.Sequence * s.ModelDim}, {headIndex}");
        s.Head = headIndex;
        string probabilityBase = w.R();
        w.Op($"mul.lo.s32 {probabilityBase}, {sampleHead}, {s.Sequence * s.Sequence}");
        s.ProbabilityBase = probabilityBase;
        return position;
    }

    /// <summary>Inputs q, k, v; outputs the context and the probabilities (batch × heads × sequence × sequence).</summary>
    public static void Forward(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value output = op.Outputs[0];
        var s = new Shape(frame, op, op.Inputs[0], op.Inputs[1], op.Inputs[2], op.Outputs[1]);
        string o = frame.Pointer(output);
        LayerKernels.Flat(frame, op.Heads * op.Sequence, e =>
        {
            string i = Locate(s, op, e);
            string queryRow = s.Row(i), visible = s.Visible(i), zero = w.ConstInt(0);
            w.Comment("scores q_i.k_j / sqrt(d) into the probability row, and their maximum");
            string max = w.Const(float.NegativeInfinity);
            For(w, zero, visible, "scores", j =>
            {
                string score = w.F();
                w.Op($"mul.rn.f32 {score}, {s.Dot(s.Q, queryRow, s.K, s.Row(j))}, {PtxWriter.Float(s.Scale)}");
                w.Op($"st.global.f32 [{s.Probability(i, j)}], {score}");
                w.Op($"max.f32 {max}, {max}, {score}");
            });
            w.Comment("e^(score - max) and their sum, then scaled by 1/sum; zeros past the visible keys");
            string sum = w.Const(0.0);
            For(w, zero, visible, "exp", j =>
            {
                string address = s.Probability(i, j), score = w.F(), shifted = w.F();
                w.Op($"ld.global.f32 {score}, [{address}]");
                w.Op($"sub.rn.f32 {shifted}, {score}, {max}");
                string e2 = PtxMathLibrary.Exp(w, shifted);
                w.Op($"st.global.f32 [{address}], {e2}");
                w.Op($"add.rn.f32 {sum}, {sum}, {e2}");
            });
            string inverse = w.F();
            w.Op($"div.rn.f32 {inverse}, {PtxWriter.Float(1.0)}, {sum}");
            For(w, zero, visible, "normalize", j =>
            {
                string address = s.Probability(i, j), value = w.F();
                w.Op($"ld.global.f32 {value}, [{address}]");
                w.Op($"mul.rn.f32 {value}, {value}, {inverse}");
                w.Op($"st.global.f32 [{address}], {value}");
            });
            if (s.Causal)
                For(w, visible, w.ConstInt(s.Sequence), "masked", j => w.Op($"st.global.f32 [{s.Probability(i, j)}], {PtxWriter.Float(0.0)}"));
            w.Comment("output_i = sum_j P_ij v_j, column by column");
            For(w, zero, w.ConstInt(s.HeadDim), "columns", d =>
            {
                string accumulator = w.Const(0.0);
                For(w, zero, visible, "values", j =>
                {
                    string p = w.F(), vi = w.R();
                    w.Op($"ld.global.f32 {p}, [{s.Probability(i, j)}]");
                    w.Op($"add.s32 {vi}, {s.Row(j)}, {d}");
                    w.Op($"fma.rn.f32 {accumulator}, {p}, {s.Load(s.V, vi)}, {accumulator}");
                });
                string oi = w.R();
                w.Op($"add.s32 {oi}, {queryRow}, {d}");
                w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, o, oi)}], {accumulator}");
            });
        });
    }

    /// <summary>Inputs q, k, v, probabilities, dOutput; outputs dq, dk, dv (each entry written once).</summary>
    public static void Backward(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        var s = new Shape(frame, op, op.Inputs[0], op.Inputs[1], op.Inputs[2], op.Inputs[3]);
        string dOutput = frame.Pointer(op.Inputs[4]);
        string dq = frame.Pointer(op.Outputs[0]), dk = frame.Pointer(op.Outputs[1]), dv = frame.Pointer(op.Outputs[2]);
        LayerKernels.Flat(frame, op.Heads * op.Sequence, e =>
        {
            string t = Locate(s, op, e);
            string row = s.Row(t), zero = w.ConstInt(0), headDim = w.ConstInt(s.HeadDim), sequence = w.ConstInt(s.Sequence);

            // Σ_j P_ij·(dO_i·v_j) over query i's visible keys.
            string Expected(string i, string iRow)
            {
                string expected = w.Const(0.0);
                For(w, zero, s.Visible(i), "expected", j =>
                {
                    string p = w.F();
                    w.Op($"ld.global.f32 {p}, [{s.Probability(i, j)}]");
                    w.Op($"fma.rn.f32 {expected}, {p}, {s.Dot(dOutput, iRow, s.V, s.Row(j))}, {expected}");
                });
                return expected;
            }

            // dS_ij = P_ij·(dO_i·v_j − expected_i)·scale.
            string ScoreGradient(string i, string iRow, string j, string jRow, string expected)
            {
                string p = w.F(), difference = w.F(), dScore = w.F();
                w.Op($"ld.global.f32 {p}, [{s.Probability(i, j)}]");
                w.Op($"sub.rn.f32 {difference}, {s.Dot(dOutput, iRow, s.V, jRow)}, {expected}");
                w.Op($"mul.rn.f32 {dScore}, {p}, {difference}");
                w.Op($"mul.rn.f32 {dScore}, {dScore}, {PtxWriter.Float(s.Scale)}");
                return dScore;
            }

            void Clear(string pointer) =>
                For(w, zero, headDim, "clear", d =>
                {
                    string index = w.R();
                    w.Op($"add.s32 {index}, {row}, {d}");
                    w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, pointer, index)}], {PtxWriter.Float(0.0)}");
                });

            // target[row + d] += factor·source[sourceRow + d]
            void AddScaled(string target, string factor, string source, string sourceRow) =>
                For(w, zero, headDim, "accumulate", d =>
                {
                    string index = w.R(), sourceIndex = w.R(), value = w.F();
                    w.Op($"add.s32 {index}, {row}, {d}");
                    w.Op($"add.s32 {sourceIndex}, {sourceRow}, {d}");
                    string address = ModelKernelFrame.Element(w, target, index);
                    w.Op($"ld.global.f32 {value}, [{address}]");
                    w.Op($"fma.rn.f32 {value}, {factor}, {s.Load(source, sourceIndex)}, {value}");
                    w.Op($"st.global.f32 [{address}], {value}");
                });

            w.Comment("t as a query: dq_t = sum_j dS_tj k_j");
            Clear(dq);
            string expectedT = Expected(t, row);
            For(w, zero, s.Visible(t), "query", j =>
            {
                string jRow = s.Row(j);
                AddScaled(dq, ScoreGradient(t, row, j, jRow, expectedT), s.K, jRow);
            });

            w.Comment("t as a key: dv_t = sum_i P_it dO_i, dk_t = sum_i dS_it q_i over the queries that see t");
            Clear(dk);
            Clear(dv);
            For(w, s.Causal ? t : zero, sequence, "key", i =>
            {
                string iRow = s.Row(i), p = w.F();
                w.Op($"ld.global.f32 {p}, [{s.Probability(i, t)}]");
                AddScaled(dv, p, dOutput, iRow);
                AddScaled(dk, ScoreGradient(i, iRow, t, row, Expected(i, iRow)), s.Q, iRow);
            });
        });
    }
}
