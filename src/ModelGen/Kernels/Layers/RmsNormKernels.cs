using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>invRms = 1/sqrt(mean(x²) + ε) and y = x·invRms·gamma, row by row.</summary>
internal unsafe struct RmsNormForwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, Gamma, Y, InvRms;
    public int Rows, Width;
    public T Epsilon;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int width = Width;
        if (width == 0) return;
        for (int r = 0; r < Rows; r++)
        {
            T* x = X + (long)r * width, y = Y + (long)r * width;
            double meanSquare = RowMath<TVec, T, TOps>.SumOfSquares(x, width) / width;
            T invRms = T.CreateTruncating(1 / Math.Sqrt(meanSquare + double.CreateTruncating(Epsilon)));
            InvRms[r] = invRms;
            TVec s = TOps.Broadcast(invRms);
            int i = 0;
            for (; i <= width - TOps.Count; i += TOps.Count)
                TOps.Store(y + i, TOps.Multiply(TOps.Multiply(TOps.Load(x + i), s), TOps.Load(Gamma + i)));
            for (; i < width; i++)
                y[i] = x[i] * invRms * Gamma[i];
        }
    }
}

/// <summary>dx = invRms·(g - x·invRms²·mean(g·x)) with g = dy·gamma; dGamma = Σ_rows dy·x·invRms.</summary>
internal unsafe struct RmsNormBackwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, OutputGradient, Gamma, InvRms, InputGradient, GammaGradient;
    public int Rows, Width;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int width = Width;
        new Span<T>(GammaGradient, width).Clear();
        if (width == 0) return;
        for (int r = 0; r < Rows; r++)
        {
            long offset = (long)r * width;
            T* x = X + offset, dy = OutputGradient + offset, dx = InputGradient + offset;
            T invRms = InvRms[r];
            double inv = double.CreateTruncating(invRms);
            T k = T.CreateTruncating(RowMath<TVec, T, TOps>.DotWithDeviation(dy, Gamma, x, T.Zero, width) * inv * inv / width);
            TVec s = TOps.Broadcast(invRms), kv = TOps.Broadcast(k);
            int i = 0;
            for (; i <= width - TOps.Count; i += TOps.Count)
            {
                TVec xv = TOps.Load(x + i), d = TOps.Load(dy + i);
                TOps.Store(GammaGradient + i, TOps.MultiplyAdd(TOps.Multiply(d, xv), s, TOps.Load(GammaGradient + i)));
                TVec g = TOps.Multiply(d, TOps.Load(Gamma + i));
                TOps.Store(dx + i, TOps.Multiply(TOps.Subtract(g, TOps.Multiply(xv, kv)), s));
            }
            for (; i < width; i++)
            {
                GammaGradient[i] += dy[i] * x[i] * invRms;
                dx[i] = (dy[i] * Gamma[i] - x[i] * k) * invRms;
            }
        }
    }
}
