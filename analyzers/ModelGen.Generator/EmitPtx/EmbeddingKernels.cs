using ModelGen.Generator.IR;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// Token embeddings (src/ModelGen/Kernels/Layers/Embedding.cs). Token ids are exact integers stored
/// as floats in the input batch. Forward: one thread per output element copies its table entry; an
/// id outside [0, vocabulary) (which the CPU refuses with a message) yields NaN instead of an
/// out-of-bounds read. Backward, deterministic (no atomics): one thread per (table row, column)
/// scans the batch's token ids in order and adds the matching gradient entries, starting from zero,
/// so the sum is the CPU's zero-then-scatter-add in the CPU's order. It costs vocabulary × dim ×
/// batch × sequence comparisons: fine at the sample models' sizes, not for large vocabularies.
/// </summary>
internal static class EmbeddingKernels
{
    public const int BlockSize = LayerKernels.BlockSize;

    /// <summary>y[r, s·dim + j] = table[id(tokens[r·sequence + s]), j].</summary>
    public static void Forward(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value tokens = op.Inputs[0], table = op.Inputs[1], y = op.Output;
        int dim = y.Columns / op.Sequence;
        LayerKernels.Flat(frame, y.Columns, e =>
        {
            // e = t·dim + j with t = r·sequence + s, the token's index in the batch.
            string t = w.R(), j = w.R();
            w.Op($"div.u32 {t}, {e}, {dim}");
            w.Op($"rem.u32 {j}, {e}, {dim}");
            string id = TokenId(frame, tokens, t);
            string outside = w.P(), tooLarge = w.P();
            w.Op($"setp.lt.s32 {outside}, {id}, 0");
            w.Op($"setp.ge.s32 {tooLarge}, {id}, {op.Vocabulary}");
            w.Op($"or.pred {outside}, {outside}, {tooLarge}");
            string value = w.Const(float.NaN), index = w.R();
            w.Op($"mad.lo.s32 {index}, {id}, {dim}, {j}");
            w.Op($"@!{outside} ld.global.f32 {value}, [{ModelKernelFrame.Element(w, frame.Pointer(table), index)}]");
            LayerKernels.Store(frame, y, e, value);
        });
    }

    /// <summary>dTable[v, j] = Σ_t [id(tokens[t]) = v]·dy[t·dim + j], t ascending.</summary>
    public static void Backward(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value tokens = op.Inputs[0], dy = op.Inputs[1], result = op.Output;
        int dim = dy.Columns / op.Sequence;
        string entry = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, entry, w.ConstInt(op.Vocabulary * dim));
        string v = w.R(), j = w.R();
        w.Op($"div.u32 {v}, {entry}, {dim}");
        w.Op($"rem.u32 {j}, {entry}, {dim}");
        string count = w.R();
        w.Op($"mul.lo.s32 {count}, {frame.Batch}, {op.Sequence}");
        string dyPointer = frame.Pointer(dy);
        string sum = w.Const(0.0), t = w.ConstInt(0);
        string loop = w.NewLabel("tokens"), done = w.NewLabel("tokens_done");
        w.Place(loop);
        string finished = w.P();
        w.Op($"setp.ge.s32 {finished}, {t}, {count}");
        w.Op($"@{finished} bra {done}");
        string id = TokenId(frame, tokens, t);
        string match = w.P(), index = w.R(), g = w.F();
        w.Op($"setp.eq.s32 {match}, {id}, {v}");
        w.Op($"mad.lo.s32 {index}, {t}, {dim}, {j}");
        w.Op($"@{match} ld.global.f32 {g}, [{ModelKernelFrame.Element(w, dyPointer, index)}]");
        w.Op($"@{match} add.rn.f32 {sum}, {sum}, {g}");
        w.Op($"add.s32 {t}, {t}, 1");
        w.Op($"bra {loop}");
        w.Place(done);
        LayerKernels.Store(frame, result, entry, sum);
        w.Op("ret");
    }

    /// <summary>The id of token t of the batch, truncated toward zero as the CPU's long.CreateTruncating.</summary>
    private static string TokenId(ModelKernelFrame frame, Value tokens, string t)
    {
        PtxWriter w = frame.Writer;
        string token = LayerKernels.Load(frame, tokens, t), id = w.R();
        w.Op($"cvt.rzi.s32.f32 {id}, {token}");
        return id;
    }
}
