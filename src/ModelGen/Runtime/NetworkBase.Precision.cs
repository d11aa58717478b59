using ModelGen.Kernels;

namespace ModelGen.Runtime;

/// <summary>
/// Reduced-precision storage of activations and activation gradients, and the loss scale that keeps
/// float16 gradients from underflowing. The generated passes call <see cref="RoundStorage"/> on every
/// activation and activation-gradient buffer after writing it, and multiply the loss gradient by
/// <see cref="LossScale"/>; Fit sets both for a run with <see cref="TrainingOptions.Precision"/> and
/// <see cref="TrainingOptions.LossScaling"/>.
/// </summary>
public abstract unsafe partial class NetworkBase<T>
{
    private T _lossScale = T.One;

    /// <summary>
    /// The format activations and activation gradients are rounded to. It takes effect for float
    /// networks only: a double network is a reference and is never rounded.
    /// </summary>
    public StoragePrecision StoragePrecision { get; set; }

    /// <summary>The factor the loss gradient is multiplied by: 1 unless Fit runs with loss scaling.</summary>
    protected T LossScale => _lossScale;

    /// <summary>Fit sets the scale of each step; the gradient arena is divided by it again before the optimizer sees it.</summary>
    internal void SetLossScale(double scale) => _lossScale = T.CreateTruncating(scale);

    /// <summary>
    /// Rounds <paramref name="count"/> values in place to <see cref="StoragePrecision"/> (nearest,
    /// ties to even; float16 overflows to ±inf and underflows through subnormals to zero). A no-op for
    /// <see cref="ModelGen.StoragePrecision.Float32"/> and for double networks.
    /// </summary>
    protected void RoundStorage(T* values, int count)
    {
        if (typeof(T) != typeof(float) || StoragePrecision == StoragePrecision.Float32) return;
        StorageRounding.Round(StoragePrecision, (float*)values, count);
    }

    /// <summary>
    /// Whether the scaler skips this step: an overflow of the scaled gradients is expected now and
    /// then, and answered by skipping the step and backing off. A non-finite loss, or an overflow
    /// at a scale that cannot back off any further, is no scaling matter: the non-finite guard handles it.
    /// </summary>
    internal bool SkipForOverflow(LossScaler scaler, T loss)
    {
        if (!T.IsFinite(loss)) return false;
        bool finite = Reductions.AllFinite(Gradients, Info.ParameterCount);
        if (!finite && !scaler.CanBackOff) return false;
        return !scaler.StepFinished(finite);
    }

    /// <summary>Divides every gradient by the loss scale of the step that produced them.</summary>
    internal void UnscaleGradients(double scale) => ScaleGradients(1 / scale);
}
