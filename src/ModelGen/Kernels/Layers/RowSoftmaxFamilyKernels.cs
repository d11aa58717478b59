using System.Numerics;

namespace ModelGen.Kernels;

internal enum RowOperation
{
    Softmax,
    SoftmaxBackward,
    LogSoftmax,
    LogSoftmaxBackward,
    LogSumExp,
}

/// <summary>
/// Softmax, log-softmax and logsumexp rows and the two backward passes that need a row sum; built
/// on <see cref="RowSoftmax{TVec, T, TOps}"/> and the blocked sums of <see cref="RowMath{TVec, T, TOps}"/>. For the forward passes X is the input; for the
/// backward ones it is the forward output and OutputGradient is dy.
/// </summary>
internal unsafe struct RowSoftmaxFamilyKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, OutputGradient, Y;
    public int Rows, Width;
    public T InverseTemperature;
    public RowOperation Operation;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int width = Width;
        T invT = InverseTemperature;
        for (int r = 0; r < Rows; r++)
        {
            long offset = (long)r * width;
            T* x = X + offset;
            switch (Operation)
            {
                case RowOperation.Softmax:
                {
                    T* y = Y + offset;
                    ElementwiseMap<TVec, T, TOps>.Run<ScaleMap>(x, null, y, invT, T.Zero, width);
                    T max = RowSoftmax<TVec, T, TOps>.Max(y, width);
                    double sum = RowMath<TVec, T, TOps>.ShiftedExpSum(y, width, max, y);
                    RowSoftmax<TVec, T, TOps>.Scale(y, width, T.CreateTruncating(1 / sum));
                    break;
                }
                case RowOperation.LogSoftmax:
                {
                    T* y = Y + offset;
                    ElementwiseMap<TVec, T, TOps>.Run<ScaleMap>(x, null, y, invT, T.Zero, width);
                    T max = RowSoftmax<TVec, T, TOps>.Max(y, width);
                    double sum = RowMath<TVec, T, TOps>.ShiftedExpSum(y, width, max, null);
                    // (y - max) - ln(sum): the first difference is exact near the maximum, where it matters.
                    RowMath<TVec, T, TOps>.SubtractTwice(y, width, max, T.CreateTruncating(Math.Log(sum)));
                    break;
                }
                case RowOperation.LogSumExp:
                {
                    T max = RowSoftmax<TVec, T, TOps>.Max(x, width);
                    // An all -inf row (or an empty one) has logsumexp -inf; shifting by -inf would give NaN.
                    Y[r] = T.IsInfinity(max) ? max
                        : T.CreateTruncating(double.CreateTruncating(max) + Math.Log(RowMath<TVec, T, TOps>.ShiftedExpSum(x, width, max, null)));
                    break;
                }
                case RowOperation.SoftmaxBackward:
                {
                    T* dy = OutputGradient + offset;
                    T dot = T.CreateTruncating(RowMath<TVec, T, TOps>.Dot(dy, x, width));
                    ElementwiseMap<TVec, T, TOps>.Run<SoftmaxGradientMap>(x, dy, Y + offset, invT, dot, width);
                    break;
                }
                case RowOperation.LogSoftmaxBackward:
                {
                    T* dy = OutputGradient + offset;
                    T sum = T.CreateTruncating(RowMath<TVec, T, TOps>.Sum(dy, width));
                    ElementwiseMap<TVec, T, TOps>.Run<LogSoftmaxGradientMap>(x, dy, Y + offset, invT, sum, width);
                    break;
                }
            }
        }
    }
}

/// <summary>dx[r, c] = dy[r]·exp(x[r, c] − y[r]).</summary>
internal unsafe struct LogSumExpBackwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, Y, OutputGradient, InputGradient;
    public int Rows, Width;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        for (int r = 0; r < Rows; r++)
        {
            long offset = (long)r * Width;
            ElementwiseMap<TVec, T, TOps>.Run<ShiftedExpMap>(X + offset, null, InputGradient + offset, OutputGradient[r], Y[r], Width);
        }
    }
}
