using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Softmax cross-entropy of each row against an integer label, with its gradient, in one pass over
/// the row. Labels were validated by <see cref="LossKernels"/>.
/// </summary>
internal unsafe struct SoftmaxCrossEntropyKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Logits;
    public int Rows, Columns;
    public int* Labels;
    public T* LogitGradients;
    public T GradScale;
    public double Loss;
    public int Correct;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int columns = Columns;
        double loss = 0;
        int correct = 0;
        for (int r = 0; r < Rows; r++)
        {
            T* row = Logits + (long)r * columns;
            T* gradient = LogitGradients == null ? null : LogitGradients + (long)r * columns;
            int label = Labels[r];
            T max = RowSoftmax<TVec, T, TOps>.Max(row, columns);
            // Read everything needed from the row before the gradient (which may alias it) is written.
            T labelLogit = row[label];
            if (RowSoftmax<TVec, T, TOps>.IsArgMax(row, label, max)) correct++;
            T sum = RowSoftmax<TVec, T, TOps>.ShiftedExpSum(row, columns, max, gradient);
            // logsumexp(row) - row[label] = ln(Σ exp(row - max)) - (row[label] - max), in double so a
            // float loss does not lose the small differences between nearly converged rows.
            loss += Math.Log(double.CreateTruncating(sum)) - (double.CreateTruncating(labelLogit) - double.CreateTruncating(max));
            if (gradient != null)
            {
                RowSoftmax<TVec, T, TOps>.Scale(gradient, columns, GradScale / sum);
                gradient[label] -= GradScale;
            }
        }
        Loss = loss;
        Correct = correct;
    }
}

/// <summary>Max-shifted softmax of each row.</summary>
internal unsafe struct SoftmaxRowsKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Logits, Probabilities;
    public int Rows, Columns;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int columns = Columns;
        for (int r = 0; r < Rows; r++)
        {
            T* row = Logits + (long)r * columns;
            T* probabilities = Probabilities + (long)r * columns;
            T max = RowSoftmax<TVec, T, TOps>.Max(row, columns);
            T sum = RowSoftmax<TVec, T, TOps>.ShiftedExpSum(row, columns, max, probabilities);
            RowSoftmax<TVec, T, TOps>.Scale(probabilities, columns, T.One / sum);
        }
    }
}
