using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// The scaled dot-product core of multi-head self-attention (the Q/K/V/output projections are the
/// caller's matrix products). q, k, v and output are rows × (sequence·modelDim); head h of a
/// position uses columns h·headDim .. (h+1)·headDim - 1 with headDim = modelDim/heads.
/// </summary>
public static unsafe class Attention
{
    /// <summary>
    /// probs = softmax_j(q_i·k_j / sqrt(headDim)) per sample and head (positions j &gt; i masked out
    /// when causal), output_i = Σ_j probs_ij·v_j. probs (rows × heads × sequence × sequence) is kept
    /// for the backward pass; masked entries are 0.
    /// </summary>
    public static void Forward<T>(T* q, T* k, T* v, int rows, int sequence, int modelDim, int heads, bool causal, T* probs, T* output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate<T>(rows, sequence, modelDim, heads);
        var kernel = new AttentionForwardKernel<T>
        {
            Shape = new AttentionShape(rows, sequence, modelDim, heads, causal),
            Query = q, Key = k, Value = v, Probabilities = probs, Output = output,
        };
        VectorKernel.Run<T, AttentionForwardKernel<T>>(ref kernel);
    }

    /// <summary>dq, dk and dv of <see cref="Forward{T}"/> from its probs; overwrites all three.</summary>
    public static void Backward<T>(T* q, T* k, T* v, T* probs, T* dOutput, int rows, int sequence, int modelDim, int heads, bool causal, T* dq, T* dk, T* dv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate<T>(rows, sequence, modelDim, heads);
        var kernel = new AttentionBackwardKernel<T>
        {
            Shape = new AttentionShape(rows, sequence, modelDim, heads, causal),
            Query = q, Key = k, Value = v, Probabilities = probs, OutputGradient = dOutput,
            QueryGradient = dq, KeyGradient = dk, ValueGradient = dv,
        };
        VectorKernel.Run<T, AttentionBackwardKernel<T>>(ref kernel);
    }

    private static void Validate<T>(int rows, int sequence, int modelDim, int heads)
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(rows, nameof(rows));
        VectorKernel.RequireNonNegative(sequence, nameof(sequence));
        LayerArguments.RequirePositive(modelDim, nameof(modelDim));
        LayerArguments.RequirePositive(heads, nameof(heads));
        if (modelDim % heads != 0)
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"modelDim ({modelDim}) must be a multiple of heads ({heads}); each head takes modelDim/heads columns.");
    }
}
