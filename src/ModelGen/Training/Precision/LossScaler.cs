namespace ModelGen;

/// <summary>
/// The state machine behind <see cref="LossScaling"/> for one Fit call: the current scale, the clean
/// steps since the last change, and the steps skipped for overflow in the current epoch.
/// </summary>
internal sealed class LossScaler(LossScaling settings)
{
    // The scale stays a normal float, so multiplying by it or by its reciprocal is exact in float and never 0 or inf.
    private const double SmallestScale = 1.0 / (1L << 62) / (1L << 62), LargestScale = (double)(1L << 62) * (1L << 62);

    private int _cleanSteps;

    public double Scale { get; private set; } = settings.InitialScale;

    public int OverflowSkipsThisEpoch { get; private set; }

    /// <summary>False once the scale is at its floor: gradients that still overflow there are not a scaling problem.</summary>
    public bool CanBackOff => Scale > SmallestScale;

    public void StartEpoch() => OverflowSkipsThisEpoch = 0;

    /// <summary>Records the outcome of one step's gradient check; returns whether the optimizer may apply the step.</summary>
    public bool StepFinished(bool gradientsFinite)
    {
        if (!gradientsFinite)
        {
            Scale = Math.Max(Scale * settings.BackoffFactor, SmallestScale);
            _cleanSteps = 0;
            OverflowSkipsThisEpoch++;
            return false;
        }
        if (++_cleanSteps >= settings.GrowthInterval)
        {
            Scale = Math.Min(Scale * settings.GrowthFactor, LargestScale);
            _cleanSteps = 0;
        }
        return true;
    }
}
