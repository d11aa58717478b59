using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.EmitPtx;

/// <summary>One thread per element: the activation backward dx = dy·f'(·), safe in place.</summary>
internal static class ElementwiseKernels
{
    public const int BlockSize = 256;

    /// <summary>Inputs of the op: dy, z (pre-activation), y (output); writes the op's output.</summary>
    public static void ActivationBackward(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value incoming = op.Inputs[0], result = op.Output;
        Value source = ActivationTable.NeedsPreActivation(op.Activation) ? op.Inputs[1] : op.Inputs[2];
        string count = w.R();
        w.Op($"mul.lo.s32 {count}, {frame.Batch}, {result.Columns}");
        string index = ModelKernelFrame.GlobalThreadIndex(w);
        ExitWhenAtLeast(w, index, count);
        string dyPointer = frame.Pointer(incoming), sourcePointer = frame.Pointer(source), dxPointer = frame.Pointer(result);
        string dy = w.F(), x = w.F();
        w.Op($"ld.global.f32 {dy}, [{ModelKernelFrame.Element(w, dyPointer, index)}]");
        w.Op($"ld.global.f32 {x}, [{ModelKernelFrame.Element(w, sourcePointer, index)}]");
        string dx = PtxActivations.Backward(w, op.Activation, op.Alpha, x, dy);
        w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, dxPointer, index)}], {dx}");
        w.Op("ret");
    }

    /// <summary>Threads past the end leave at once (no barrier or shuffle follows in these kernels).</summary>
    public static void ExitWhenAtLeast(PtxWriter w, string index, string count)
    {
        string outside = w.P();
        w.Op($"setp.ge.s32 {outside}, {index}, {count}");
        w.Op($"@{outside} ret");
    }
}

/// <summary>Bias gradients: one thread per column sums the rows (batch × rows per sample) in order, like the CPU kernel.</summary>
internal static class ColumnSumKernel
{
    public const int BlockSize = 256;

    public static void Emit(ModelKernelFrame frame, Op op)
    {
        PtxWriter w = frame.Writer;
        Value gradient = op.Inputs[0], result = op.Output;
        // A per-position bias sums batch·r rows of width/r.
        int columns = gradient.Columns / op.RowsPerSample;
        string rows = frame.Batch;
        if (op.RowsPerSample != 1)
        {
            rows = w.R();
            w.Op($"mul.lo.s32 {rows}, {frame.Batch}, {PtxWriter.Number(op.RowsPerSample)}");
        }
        string column = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, column, w.ConstInt(columns));
        string address = ModelKernelFrame.Element(w, frame.Pointer(gradient), column);
        string sum = w.Const(0.0), row = w.ConstInt(0);
        string loop = w.NewLabel("rows"), done = w.NewLabel("rows_done");
        w.Place(loop);
        string finished = w.P();
        w.Op($"setp.ge.s32 {finished}, {row}, {rows}");
        w.Op($"@{finished} bra {done}");
        string value = w.F();
        w.Op($"ld.global.f32 {value}, [{address}]");
        w.Op($"add.rn.f32 {sum}, {sum}, {value}");
        w.Op($"add.s64 {address}, {address}, {columns * 4}");
        w.Op($"add.s32 {row}, {row}, 1");
        w.Op($"bra {loop}");
        w.Place(done);
        w.Op($"st.global.f32 [{ModelKernelFrame.Element(w, frame.Pointer(result), column)}], {sum}");
        w.Op("ret");
    }
}
