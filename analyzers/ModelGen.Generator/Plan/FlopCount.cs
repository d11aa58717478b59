using ModelGen.Generator.IR;

namespace ModelGen.Generator.Plan;

/// <summary>Floating-point operations per sample of the matrix products (2 per multiply-add), for throughput reports.</summary>
internal static class FlopCount
{
    public static double InferencePerSample(KernelPlan plan)
    {
        double flops = 0;
        foreach (Op op in plan.Forward) flops += Products(op);
        return flops;
    }

    public static double TrainingPerSample(KernelPlan plan)
    {
        double flops = InferencePerSample(plan);
        foreach (Op op in plan.Backward) flops += Products(op);
        return flops;
    }

    private static double Products(Op op) => op.Kind switch
    {
        OpKind.DenseForward => 2.0 * op.Inputs[0].Columns * op.Inputs[1].Columns,
        OpKind.MatMulTransposeA => 2.0 * op.Inputs[0].Columns * op.Inputs[1].Columns / op.RowsPerSample,
        OpKind.MatMulTransposeB => 2.0 * op.Inputs[0].Columns * op.Inputs[1].Rows,
        // q·kᵀ and probabilities·v: 2 · positions² · width each; the backward pass has twice as many.
        OpKind.Attention => 4.0 * op.Sequence * op.Output.Columns,
        OpKind.AttentionGradient => 8.0 * op.Sequence * op.Inputs[0].Columns,
        _ => 0,
    };
}
