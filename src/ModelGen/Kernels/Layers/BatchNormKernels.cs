using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Per-feature mean and invStd: from the batch (moving the running statistics) or from the running
/// statistics. Features go in strips of one vector while the rows stream past, then a scalar tail.
/// </summary>
internal unsafe struct BatchNormStatisticsKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, Mean, InvStd, RunningMean, RunningVar;
    public int Rows, Width;
    public T Epsilon, Momentum;
    public bool Training;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Strips<TVec, TOps>(0);
        Strips<T, ScalarOps<T>>(done);
    }

    private readonly int Strips<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec one = TOps.Broadcast(T.One), epsilon = TOps.Broadcast(Epsilon), momentum = TOps.Broadcast(Momentum);
        TVec keep = TOps.Broadcast(T.One - Momentum);
        int j = start;
        for (; j <= Width - TOps.Count; j += TOps.Count)
        {
            TVec mean, variance;
            if (Training)
            {
                BatchMoments<TVec, TOps>(j, out mean, out variance);
                // PyTorch's running variance is the unbiased one; a single row has none, so it keeps the biased.
                T correction = Rows > 1 ? T.CreateTruncating(Rows) / T.CreateTruncating(Rows - 1) : T.One;
                TVec unbiased = TOps.Multiply(variance, TOps.Broadcast(correction));
                TOps.Store(RunningMean + j, TOps.MultiplyAdd(keep, TOps.Load(RunningMean + j), TOps.Multiply(momentum, mean)));
                TOps.Store(RunningVar + j, TOps.MultiplyAdd(keep, TOps.Load(RunningVar + j), TOps.Multiply(momentum, unbiased)));
            }
            else
            {
                mean = TOps.Load(RunningMean + j);
                variance = TOps.Load(RunningVar + j);
            }
            TOps.Store(Mean + j, mean);
            TOps.Store(InvStd + j, TOps.Divide(one, TOps.Sqrt(TOps.Add(variance, epsilon))));
        }
        return j;
    }

    /// <summary>Corrected two-pass mean and biased variance down a strip of columns.</summary>
    private readonly void BatchMoments<TVec, TOps>(int column, out TVec mean, out TVec variance)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int rows = Rows, width = Width;
        TVec n = TOps.Broadcast(T.CreateTruncating(rows));
        TVec m = TOps.Divide(StripSum<TVec, T, TOps>.Sum(new StripValue<TVec, T, TOps>(X), column, rows, width), n);
        TVec deviations = StripSum<TVec, T, TOps>.Sum(new StripDeviation<TVec, T, TOps>(X, m, squared: false), column, rows, width);
        TVec squares = StripSum<TVec, T, TOps>.Sum(new StripDeviation<TVec, T, TOps>(X, m, squared: true), column, rows, width);
        TVec c = TOps.Divide(deviations, n);
        mean = TOps.Add(m, c);
        variance = TOps.Max(TOps.Subtract(TOps.Divide(squares, n), TOps.Multiply(c, c)), TOps.Zero);
    }
}

/// <summary>y = (x - mean[c])·invStd[c]·gamma[c] + beta[c], row by row.</summary>
internal unsafe struct BatchNormApplyKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, Mean, InvStd, Gamma, Beta, Y;
    public int Rows, Width;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        for (int r = 0; r < Rows; r++)
        {
            T* x = X + (long)r * Width, y = Y + (long)r * Width;
            int done = Row<TVec, TOps>(x, y, 0);
            Row<T, ScalarOps<T>>(x, y, done);
        }
    }

    private readonly int Row<TVec, TOps>(T* x, T* y, int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int j = start;
        for (; j <= Width - TOps.Count; j += TOps.Count)
        {
            TVec normalized = TOps.Multiply(TOps.Subtract(TOps.Load(x + j), TOps.Load(Mean + j)), TOps.Load(InvStd + j));
            TOps.Store(y + j, TOps.MultiplyAdd(normalized, TOps.Load(Gamma + j), TOps.Load(Beta + j)));
        }
        return j;
    }
}

/// <summary>
/// dBeta = Σ dy, dGamma = Σ dy·x̂ down each column; in training
/// dx = gamma·invStd·(dy - (dBeta + x̂·dGamma)/n), in evaluation dx = dy·gamma·invStd.
/// </summary>
internal unsafe struct BatchNormBackwardKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, OutputGradient, Gamma, Mean, InvStd, InputGradient, GammaGradient, BetaGradient;
    public int Rows, Width;
    public bool Training;

    readonly void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Strips<TVec, TOps>(0);
        Strips<T, ScalarOps<T>>(done);
    }

    private readonly int Strips<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        int rows = Rows, width = Width;
        TVec inverseCount = TOps.Broadcast(Training && rows > 0 ? T.One / T.CreateTruncating(rows) : T.Zero);
        int j = start;
        for (; j <= width - TOps.Count; j += TOps.Count)
        {
            TVec mean = TOps.Load(Mean + j), invStd = TOps.Load(InvStd + j);
            TVec dBeta = StripSum<TVec, T, TOps>.Sum(new StripValue<TVec, T, TOps>(OutputGradient), j, rows, width);
            TVec dGamma = StripSum<TVec, T, TOps>.Sum(new StripGradientTimesNormalized<TVec, T, TOps>(OutputGradient, X, mean, invStd), j, rows, width);
            TOps.Store(BetaGradient + j, dBeta);
            TOps.Store(GammaGradient + j, dGamma);
            // In evaluation inverseCount is 0, which leaves dx = dy·gamma·invStd.
            TVec meanDBeta = TOps.Multiply(dBeta, inverseCount), meanDGamma = TOps.Multiply(dGamma, inverseCount);
            TVec scale = TOps.Multiply(TOps.Load(Gamma + j), invStd);
            for (int r = 0; r < rows; r++)
            {
                long at = (long)r * width + j;
                TVec xhat = TOps.Multiply(TOps.Subtract(TOps.Load(X + at), mean), invStd);
                TVec centered = TOps.Subtract(TOps.Subtract(TOps.Load(OutputGradient + at), meanDBeta), TOps.Multiply(xhat, meanDGamma));
                TOps.Store(InputGradient + at, TOps.Multiply(centered, scale));
            }
        }
        return j;
    }
}
