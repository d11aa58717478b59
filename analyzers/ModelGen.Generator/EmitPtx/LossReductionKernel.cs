using ModelGen.Generator.Check;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// One block of 256 threads sums the row losses and correct counts in the scratch buffer: strided
/// per-thread sums, shfl.down within each warp, the eight warp totals through shared memory, a
/// last shfl.down in warp 0. Thread 0 writes the mean loss (the sum over batch, or batch·outputs for
/// the elementwise losses, as the CPU divides) and the correct count to scratch[0] and scratch[1].
/// </summary>
internal static class LossReductionKernel
{
    public const int BlockSize = 256;
    private const int Warps = BlockSize / WarpReductions.WarpSize;

    public static void Emit(ModelKernelFrame frame, LossKind loss, int outputs)
    {
        PtxWriter w = frame.Writer;
        string partialLoss = w.SharedFloats("warp_loss", Warps);
        string partialCorrect = w.SharedFloats("warp_correct", Warps);
        string scratch = frame.Base("p_scratch");
        string thread = w.R(), lane = w.R(), warp = w.R();
        w.Op($"mov.u32 {thread}, %tid.x");
        w.Op($"mov.u32 {lane}, %laneid");
        w.Op($"shr.u32 {warp}, {thread}, 5");

        string sum = w.Const(0.0), correct = w.ConstInt(0), row = w.R();
        w.Op($"mov.u32 {row}, {thread}");
        string loop = w.NewLabel("rows"), done = w.NewLabel("rows_done");
        w.Place(loop);
        string finished = w.P();
        w.Op($"setp.ge.s32 {finished}, {row}, {frame.Batch}");
        w.Op($"@{finished} bra {done}");
        string slot = w.R(), value = w.F(), count = w.R();
        w.Op($"add.s32 {slot}, {row}, 2");
        w.Op($"ld.global.f32 {value}, [{ModelKernelFrame.Element(w, scratch, slot)}]");
        w.Op($"add.rn.f32 {sum}, {sum}, {value}");
        w.Op($"add.s32 {slot}, {slot}, {frame.Batch}");
        w.Op($"ld.global.u32 {count}, [{ModelKernelFrame.Element(w, scratch, slot)}]");
        w.Op($"add.s32 {correct}, {correct}, {count}");
        w.Op($"add.s32 {row}, {row}, {BlockSize}");
        w.Op($"bra {loop}");
        w.Place(done);

        WarpReductions.ReduceToLaneZero(w, sum, "add");
        WarpReductions.ReduceToLaneZero(w, correct, "add", "s32");
        string lossAddress = w.R(), correctAddress = w.R(), notLeader = w.P(), skip = w.NewLabel("not_leader");
        w.Op($"mov.u32 {lossAddress}, {partialLoss}");
        w.Op($"mad.lo.s32 {lossAddress}, {warp}, 4, {lossAddress}");
        w.Op($"mov.u32 {correctAddress}, {partialCorrect}");
        w.Op($"mad.lo.s32 {correctAddress}, {warp}, 4, {correctAddress}");
        w.Op($"setp.ne.s32 {notLeader}, {lane}, 0");
        w.Op($"@{notLeader} bra {skip}");
        w.Op($"st.shared.f32 [{lossAddress}], {sum}");
        w.Op($"st.shared.u32 [{correctAddress}], {correct}");
        w.Place(skip);
        w.Op("bar.sync 0");

        string notFirstWarp = w.P();
        w.Op($"setp.ne.s32 {notFirstWarp}, {warp}, 0");
        w.Op($"@{notFirstWarp} ret");
        string total = w.Const(0.0), totalCorrect = w.ConstInt(0), present = w.P();
        w.Op($"setp.lt.s32 {present}, {lane}, {Warps}");
        string laneLoss = w.R(), laneCorrect = w.R();
        w.Op($"mov.u32 {laneLoss}, {partialLoss}");
        w.Op($"mad.lo.s32 {laneLoss}, {lane}, 4, {laneLoss}");
        w.Op($"mov.u32 {laneCorrect}, {partialCorrect}");
        w.Op($"mad.lo.s32 {laneCorrect}, {lane}, 4, {laneCorrect}");
        w.Op($"@{present} ld.shared.f32 {total}, [{laneLoss}]");
        w.Op($"@{present} ld.shared.u32 {totalCorrect}, [{laneCorrect}]");
        WarpReductions.ReduceToLaneZero(w, total, "add");
        WarpReductions.ReduceToLaneZero(w, totalCorrect, "add", "s32");

        string notFirstLane = w.P();
        w.Op($"setp.ne.s32 {notFirstLane}, {lane}, 0");
        w.Op($"@{notFirstLane} ret");
        string denominator = w.R(), denominatorFloat = w.F(), mean = w.F();
        if (loss == LossKind.SoftmaxCrossEntropy) w.Op($"mov.u32 {denominator}, {frame.Batch}");
        else w.Op($"mul.lo.s32 {denominator}, {frame.Batch}, {outputs}");
        w.Op($"cvt.rn.f32.u32 {denominatorFloat}, {denominator}");
        w.Op($"div.rn.f32 {mean}, {total}, {denominatorFloat}");
        w.Op($"st.global.f32 [{scratch}], {mean}");
        w.Op($"st.global.u32 [{scratch}+4], {totalCorrect}");
        w.Op("ret");
    }
}
