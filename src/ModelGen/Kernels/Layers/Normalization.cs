using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// LayerNorm, GroupNorm, RMSNorm and BatchNorm over row-major activations (rows = batch),
/// vectorized at <see cref="Simd.Active"/>. Statistics use a corrected two-pass mean and variance,
/// so rows with a large common offset keep their accuracy in float. Backward passes overwrite
/// their outputs.
/// </summary>
public static unsafe class Normalization
{
    /// <summary>
    /// Per row and group of width/groups contiguous features: y = (x - mean)·invStd·gamma[c] + beta[c]
    /// with the biased variance and invStd = 1/sqrt(var + epsilon). LayerNorm is groups = 1.
    /// mean and invStd (rows·groups entries) are saved for the backward pass.
    /// </summary>
    public static void GroupNormForward<T>(T* x, int rows, int width, int groups, T epsilon, T* gamma, T* beta, T* y, T* mean, T* invStd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireGroups<T>(rows, width, groups);
        LayerArguments.RequireEpsilon(epsilon);
        var kernel = new GroupNormForwardKernel<T>
        {
            X = x, Rows = rows, Width = width, Groups = groups, Epsilon = epsilon,
            Gamma = gamma, Beta = beta, Y = y, Mean = mean, InvStd = invStd,
        };
        VectorKernel.Run<T, GroupNormForwardKernel<T>>(ref kernel);
    }

    /// <summary>dx, dGamma and dBeta of <see cref="GroupNormForward{T}"/> from its saved mean and invStd.</summary>
    public static void GroupNormBackward<T>(T* x, T* dy, int rows, int width, int groups, T* gamma, T* mean, T* invStd, T* dx, T* dGamma, T* dBeta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireGroups<T>(rows, width, groups);
        var kernel = new GroupNormBackwardKernel<T>
        {
            X = x, OutputGradient = dy, Rows = rows, Width = width, Groups = groups,
            Gamma = gamma, Mean = mean, InvStd = invStd, InputGradient = dx, GammaGradient = dGamma,
        };
        VectorKernel.Run<T, GroupNormBackwardKernel<T>>(ref kernel);
        Reductions.ColumnSums(dy, rows, width, width, dBeta, accumulate: false);
    }

    /// <summary>invRms[r] = 1/sqrt(mean(x²) + epsilon); y = x·invRms·gamma[c].</summary>
    public static void RmsNormForward<T>(T* x, int rows, int width, T epsilon, T* gamma, T* y, T* invRms)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LayerArguments.Require<T>(rows, width);
        LayerArguments.RequireEpsilon(epsilon);
        var kernel = new RmsNormForwardKernel<T> { X = x, Rows = rows, Width = width, Epsilon = epsilon, Gamma = gamma, Y = y, InvRms = invRms };
        VectorKernel.Run<T, RmsNormForwardKernel<T>>(ref kernel);
    }

    /// <summary>dx and dGamma of <see cref="RmsNormForward{T}"/> from its saved invRms.</summary>
    public static void RmsNormBackward<T>(T* x, T* dy, int rows, int width, T* gamma, T* invRms, T* dx, T* dGamma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LayerArguments.Require<T>(rows, width);
        var kernel = new RmsNormBackwardKernel<T>
        {
            X = x, OutputGradient = dy, Rows = rows, Width = width, Gamma = gamma, InvRms = invRms,
            InputGradient = dx, GammaGradient = dGamma,
        };
        VectorKernel.Run<T, RmsNormBackwardKernel<T>>(ref kernel);
    }

    /// <summary>
    /// Per feature over the batch. Training normalizes with the batch mean and biased variance and
    /// moves runningMean/runningVar towards them as PyTorch does (the unbiased variance n/(n-1),
    /// the biased one for a single row). Evaluation normalizes with the running statistics. Either
    /// way mean and invStd (width entries) hold what was used, for the backward pass.
    /// </summary>
    public static void BatchNormForward<T>(T* x, int rows, int width, T epsilon, T momentum, T* gamma, T* beta, T* y, T* mean, T* invStd,
        T* runningMean, T* runningVar, bool training)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LayerArguments.Require<T>(rows, width);
        LayerArguments.RequireEpsilon(epsilon);
        if (!(momentum >= T.Zero && momentum <= T.One))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1] (PyTorch's default is 0.1).");
        if (training && rows == 0 && width > 0)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "Batch statistics need at least one row; use training: false for an empty batch.");
        var kernel = new BatchNormStatisticsKernel<T>
        {
            X = x, Rows = rows, Width = width, Epsilon = epsilon, Momentum = momentum,
            Mean = mean, InvStd = invStd, RunningMean = runningMean, RunningVar = runningVar, Training = training,
        };
        VectorKernel.Run<T, BatchNormStatisticsKernel<T>>(ref kernel);
        var apply = new BatchNormApplyKernel<T> { X = x, Rows = rows, Width = width, Mean = mean, InvStd = invStd, Gamma = gamma, Beta = beta, Y = y };
        VectorKernel.Run<T, BatchNormApplyKernel<T>>(ref apply);
    }

    /// <summary>
    /// dx, dGamma and dBeta of <see cref="BatchNormForward{T}"/>. In training the batch statistics
    /// depend on x; in evaluation they are constants and dx = dy·gamma·invStd.
    /// </summary>
    public static void BatchNormBackward<T>(T* x, T* dy, int rows, int width, T* gamma, T* mean, T* invStd, T* dx, T* dGamma, T* dBeta, bool training)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LayerArguments.Require<T>(rows, width);
        var kernel = new BatchNormBackwardKernel<T>
        {
            X = x, OutputGradient = dy, Rows = rows, Width = width, Gamma = gamma, Mean = mean, InvStd = invStd,
            InputGradient = dx, GammaGradient = dGamma, BetaGradient = dBeta, Training = training,
        };
        VectorKernel.Run<T, BatchNormBackwardKernel<T>>(ref kernel);
    }

    private static void RequireGroups<T>(int rows, int width, int groups)
    {
        LayerArguments.Require<T>(rows, width);
        LayerArguments.RequirePositive(groups, nameof(groups));
        if (width % groups != 0)
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"width ({width}) must be a multiple of groups ({groups}); each group is width/groups contiguous features.");
    }
}
