using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Softmax cross-entropy of each row against the label-smoothed target q = (1 − ε)·onehot + ε/K
/// (ε = 0: the plain one-hot target), with its gradient: one pass over the row, and for ε &gt; 0 a
/// sum and a subtraction more.
/// With m the row maximum, the loss is ln Σ e^(z−m) − Σ q_j (z_j − m) (Σ q = 1, so the shift
/// cancels and no exponential overflows); the gradient is (softmax − q)·scale. Labels were
/// validated by <see cref="LossKernels"/>.
/// </summary>
internal unsafe struct SoftmaxCrossEntropyKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Logits;
    public int Rows, Columns;
    public int* Labels;
    public T Smoothing;
    public T* LogitGradients;
    public T GradScale;
    public double Loss;
    public int Correct;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int columns = Columns;
        double smoothing = double.CreateTruncating(Smoothing);
        double labelWeight = 1 - smoothing, uniformWeight = smoothing / columns;
        // Each class's share of the smoothing is subtracted from every gradient; the label's extra (1 − ε) below.
        T uniformGradient = T.CreateTruncating(uniformWeight) * GradScale;
        T labelGradient = T.CreateTruncating(labelWeight) * GradScale;
        double loss = 0;
        int correct = 0;
        for (int r = 0; r < Rows; r++)
        {
            T* row = Logits + (long)r * columns;
            T* gradient = LogitGradients == null ? null : LogitGradients + (long)r * columns;
            int label = Labels[r];
            T max = RowSoftmax<TVec, T, TOps>.Max(row, columns);
            double shiftedMax = double.CreateTruncating(max);
            // Everything read from the row happens before the gradient (which may alias it) is written.
            double labelTerm = double.CreateTruncating(row[label]) - shiftedMax;
            // ε = 0 skips the sum, so the result is bit-identical to the unsmoothed kernel.
            double uniformTerm = smoothing == 0 ? 0 : RowSum(row, columns) - columns * shiftedMax;
            if (RowSoftmax<TVec, T, TOps>.IsArgMax(row, label, max)) correct++;
            T sum = RowSoftmax<TVec, T, TOps>.ShiftedExpSum(row, columns, max, gradient);
            loss += Math.Log(double.CreateTruncating(sum)) - (labelWeight * labelTerm + uniformWeight * uniformTerm);
            if (gradient != null)
            {
                RowSoftmax<TVec, T, TOps>.Scale(gradient, columns, GradScale / sum);
                if (smoothing != 0) Subtract(gradient, columns, uniformGradient);
                gradient[label] -= labelGradient;
            }
        }
        Loss = loss;
        Correct = correct;
    }

    /// <summary>Σ row in double: the smoothing term needs the logits' mean without float cancellation.</summary>
    private static double RowSum(T* row, int length)
    {
        double sum = 0;
        for (int j = 0; j < length; j++) sum += double.CreateTruncating(row[j]);
        return sum;
    }

    private static void Subtract(T* values, int length, T amount)
    {
        for (int j = 0; j < length; j++) values[j] -= amount;
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
