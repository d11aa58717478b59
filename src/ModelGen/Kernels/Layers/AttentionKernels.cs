using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>Where a (sample, head, position) lives in the attention tensors.</summary>
internal readonly struct AttentionShape(int rows, int sequence, int modelDim, int heads, bool causal)
{
    public readonly int Rows = rows, Sequence = sequence, ModelDim = modelDim, Heads = heads;
    public readonly bool Causal = causal;

    public int HeadDim => ModelDim / Heads;

    /// <summary>Offset of head h of position 0 of sample b in q, k, v or output.</summary>
    public long HeadOffset(int b, int h) => (long)b * Sequence * ModelDim + (long)h * HeadDim;

    /// <summary>Offset of query i's probability row for sample b and head h.</summary>
    public long ProbabilityRow(int b, int h, int i) => (((long)b * Heads + h) * Sequence + i) * Sequence;

    /// <summary>How many keys query i attends to: the first i + 1 when causal, all otherwise.</summary>
    public int Visible(int i) => Causal ? i + 1 : Sequence;
}

internal unsafe struct AttentionForwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public AttentionShape Shape;
    public T* Query, Key, Value, Probabilities, Output;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        AttentionShape shape = Shape;
        int headDim = shape.HeadDim, modelDim = shape.ModelDim, sequence = shape.Sequence;
        double scale = 1 / Math.Sqrt(headDim);
        for (int b = 0; b < shape.Rows; b++)
        for (int h = 0; h < shape.Heads; h++)
        {
            long head = shape.HeadOffset(b, h);
            for (int i = 0; i < sequence; i++)
            {
                T* query = Query + head + (long)i * modelDim, output = Output + head + (long)i * modelDim;
                T* p = Probabilities + shape.ProbabilityRow(b, h, i);
                int visible = shape.Visible(i);
                for (int j = 0; j < visible; j++)
                    p[j] = T.CreateTruncating(RowMath<TVec, T, TOps>.Dot(query, Key + head + (long)j * modelDim, headDim) * scale);
                T max = RowSoftmax<TVec, T, TOps>.Max(p, visible);
                double sum = RowMath<TVec, T, TOps>.ShiftedExpSum(p, visible, max, p);
                RowSoftmax<TVec, T, TOps>.Scale(p, visible, T.CreateTruncating(1 / sum));
                new Span<T>(p + visible, sequence - visible).Clear();
                new Span<T>(output, headDim).Clear();
                for (int j = 0; j < visible; j++)
                    RowMath<TVec, T, TOps>.MultiplyAdd(p[j], Value + head + (long)j * modelDim, output, headDim);
            }
        }
    }
}

/// <summary>
/// With dP_ij = dO_i·v_j and dS_ij = P_ij·(dP_ij - Σ_j' P_ij'·dP_ij'): dv_j = Σ_i P_ij·dO_i,
/// dq_i = scale·Σ_j dS_ij·k_j and dk_j = scale·Σ_i dS_ij·q_i. dP is recomputed in a second pass
/// rather than stored, so the pass needs no scratch memory for any sequence length.
/// </summary>
internal unsafe struct AttentionBackwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public AttentionShape Shape;
    public T* Query, Key, Value, Probabilities, OutputGradient, QueryGradient, KeyGradient, ValueGradient;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        AttentionShape shape = Shape;
        int headDim = shape.HeadDim, modelDim = shape.ModelDim, sequence = shape.Sequence;
        long total = (long)shape.Rows * sequence * modelDim;
        Clear(QueryGradient, total);
        Clear(KeyGradient, total);
        Clear(ValueGradient, total);
        double scale = 1 / Math.Sqrt(headDim);
        for (int b = 0; b < shape.Rows; b++)
        for (int h = 0; h < shape.Heads; h++)
        {
            long head = shape.HeadOffset(b, h);
            for (int i = 0; i < sequence; i++)
            {
                long at = head + (long)i * modelDim;
                T* dOutput = OutputGradient + at, query = Query + at, dQuery = QueryGradient + at;
                T* p = Probabilities + shape.ProbabilityRow(b, h, i);
                int visible = shape.Visible(i);
                double expected = 0;
                for (int j = 0; j < visible; j++)
                    expected += double.CreateTruncating(p[j]) * RowMath<TVec, T, TOps>.Dot(dOutput, Value + head + (long)j * modelDim, headDim);
                for (int j = 0; j < visible; j++)
                {
                    long key = head + (long)j * modelDim;
                    double dP = RowMath<TVec, T, TOps>.Dot(dOutput, Value + key, headDim);
                    T dScore = T.CreateTruncating(double.CreateTruncating(p[j]) * (dP - expected) * scale);
                    RowMath<TVec, T, TOps>.MultiplyAdd(p[j], dOutput, ValueGradient + key, headDim);
                    RowMath<TVec, T, TOps>.MultiplyAdd(dScore, Key + key, dQuery, headDim);
                    RowMath<TVec, T, TOps>.MultiplyAdd(dScore, query, KeyGradient + key, headDim);
                }
            }
        }
    }

    private static void Clear(T* values, long count)
    {
        for (long done = 0; done < count; done += int.MaxValue)
            new Span<T>(values + done, (int)Math.Min(int.MaxValue, count - done)).Clear();
    }
}
