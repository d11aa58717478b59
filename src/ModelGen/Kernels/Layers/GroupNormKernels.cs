using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>Statistics and normalization of each (row, group) slice.</summary>
internal unsafe struct GroupNormForwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, Gamma, Beta, Y, Mean, InvStd;
    public int Rows, Width, Groups;
    public T Epsilon;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int length = Width / Groups;
        if (length == 0) return;
        for (int r = 0; r < Rows; r++)
        {
            for (int g = 0; g < Groups; g++)
            {
                long offset = (long)r * Width + (long)g * length;
                T* x = X + offset;
                // Deviations from the rounded mean m cancel nothing; their own mean c removes m's
                // rounding from the variance (corrected two-pass), which E[x²] - E[x]² could not.
                T m = T.CreateTruncating(RowMath<TVec, T, TOps>.Sum(x, length) / length);
                RowMath<TVec, T, TOps>.Deviations(x, length, m, out double sum, out double sumOfSquares);
                double c = sum / length;
                double variance = Math.Max(sumOfSquares / length - c * c, 0);
                T invStd = T.CreateTruncating(1 / Math.Sqrt(variance + double.CreateTruncating(Epsilon)));
                Mean[r * Groups + g] = T.CreateTruncating(double.CreateTruncating(m) + c);
                InvStd[r * Groups + g] = invStd;
                Normalize<TVec, TOps>(x, length, m, T.CreateTruncating(c), invStd, Gamma + g * length, Beta + g * length, Y + offset);
            }
        }
    }

    /// <summary>y = ((x - m) - c)·invStd·gamma + beta, with the mean kept as the two parts m + c.</summary>
    private static void Normalize<TVec, TOps>(T* x, int length, T m, T c, T invStd, T* gamma, T* beta, T* y)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec mv = TOps.Broadcast(m), cv = TOps.Broadcast(c), sv = TOps.Broadcast(invStd);
        int i = 0;
        for (; i <= length - TOps.Count; i += TOps.Count)
        {
            TVec normalized = TOps.Multiply(TOps.Subtract(TOps.Subtract(TOps.Load(x + i), mv), cv), sv);
            TOps.Store(y + i, TOps.MultiplyAdd(normalized, TOps.Load(gamma + i), TOps.Load(beta + i)));
        }
        for (; i < length; i++)
            y[i] = (x[i] - m - c) * invStd * gamma[i] + beta[i];
    }
}

/// <summary>
/// dx = invStd·(g - mean(g) - x̂·mean(g·x̂)) per (row, group) with g = dy·gamma, and
/// dGamma = Σ_rows dy·x̂ (dBeta is a plain column sum, done by the caller).
/// </summary>
internal unsafe struct GroupNormBackwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, OutputGradient, Gamma, Mean, InvStd, InputGradient, GammaGradient;
    public int Rows, Width, Groups;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        new Span<T>(GammaGradient, Width).Clear();
        int length = Width / Groups;
        if (length == 0) return;
        for (int r = 0; r < Rows; r++)
        {
            for (int g = 0; g < Groups; g++)
            {
                long offset = (long)r * Width + (long)g * length;
                T* x = X + offset, dy = OutputGradient + offset, gamma = Gamma + g * length;
                T mean = Mean[r * Groups + g], invStd = InvStd[r * Groups + g];
                double meanG = RowMath<TVec, T, TOps>.Dot(dy, gamma, length) / length;
                double meanGXhat = RowMath<TVec, T, TOps>.DotWithDeviation(dy, gamma, x, mean, length) * double.CreateTruncating(invStd) / length;
                Apply<TVec, TOps>(x, dy, gamma, length, mean, invStd, T.CreateTruncating(meanG), T.CreateTruncating(meanGXhat),
                    InputGradient + offset, GammaGradient + g * length);
            }
        }
    }

    private static void Apply<TVec, TOps>(T* x, T* dy, T* gamma, int length, T mean, T invStd, T meanG, T meanGXhat, T* dx, T* dGamma)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec mv = TOps.Broadcast(mean), sv = TOps.Broadcast(invStd), a = TOps.Broadcast(meanG), b = TOps.Broadcast(meanGXhat);
        int i = 0;
        for (; i <= length - TOps.Count; i += TOps.Count)
        {
            TVec xhat = TOps.Multiply(TOps.Subtract(TOps.Load(x + i), mv), sv);
            TVec d = TOps.Load(dy + i);
            TOps.Store(dGamma + i, TOps.MultiplyAdd(d, xhat, TOps.Load(dGamma + i)));
            TVec centered = TOps.Subtract(TOps.Subtract(TOps.Multiply(d, TOps.Load(gamma + i)), a), TOps.Multiply(xhat, b));
            TOps.Store(dx + i, TOps.Multiply(centered, sv));
        }
        for (; i < length; i++)
        {
            T xhat = (x[i] - mean) * invStd;
            T d = dy[i];
            dGamma[i] += d * xhat;
            dx[i] = (d * gamma[i] - meanG - xhat * meanGXhat) * invStd;
        }
    }
}
