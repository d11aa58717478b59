using System.Globalization;

namespace ModelGen.Runtime;

/// <summary>One epoch of training. Accuracy is null for regression losses.</summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double Loss,
    double? Accuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    TimeSpan Elapsed,
    double SamplesPerSecond)
{
    /// <summary>Per layer, the L2 norm of its gradients (weights and bias together) over the epoch's steps, before clipping; null when not measured.</summary>
    public IReadOnlyList<LayerGradientNorm>? GradientNorms { get; init; }

    /// <summary>Steps the non-finite guard skipped this epoch (their batches count in neither loss nor accuracy).</summary>
    public int SkippedSteps { get; init; }

    /// <summary>Where the last skipped step of this epoch went non-finite; null when none was skipped.</summary>
    public NonFiniteStep? LastSkippedStep { get; init; }

    /// <summary>The learning rate of the epoch's last update (it changes within an epoch under a schedule).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The loss scale at the end of the epoch; null when training ran without loss scaling.</summary>
    public double? LossScale { get; init; }

    /// <summary>Steps skipped this epoch because their loss-scaled gradients overflowed (the scale backed off after each).</summary>
    public int OverflowSkippedSteps { get; init; }

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string text = string.Format(c, "epoch {0,3}/{1}  loss {2:F4}", Epoch, Epochs, Loss);
        if (Accuracy is { } a) text += string.Format(c, "  acc {0:P2}", a);
        if (ValidationLoss is { } vl) text += string.Format(c, "  val loss {0:F4}", vl);
        if (ValidationAccuracy is { } va) text += string.Format(c, "  val acc {0:P2}", va);
        if (SkippedSteps > 0) text += string.Format(c, "  skipped {0} non-finite steps", SkippedSteps);
        if (LossScale is { } scale) text += string.Format(c, "  loss scale {0:G4}", scale);
        if (OverflowSkippedSteps > 0) text += string.Format(c, " ({0} overflowing steps skipped)", OverflowSkippedSteps);
        return text + string.Format(c, "  {0,7:F1} ms  {1,9:N0} samples/s", Elapsed.TotalMilliseconds, SamplesPerSecond);
    }
}

/// <summary>Every epoch of one <c>Fit</c> call.</summary>
public sealed record TrainingHistory(IReadOnlyList<EpochReport> Epochs)
{
    public EpochReport Last => Epochs[^1];

    /// <summary>The epoch with the lowest validation loss, when early stopping watched it.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>True when early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; init; }
}

/// <summary>Loss (mean per sample) and accuracy (null for regression) over a data set.</summary>
public sealed record Evaluation(double Loss, double? Accuracy, int Count)
{
    public override string ToString() => Accuracy is { } a
        ? string.Format(CultureInfo.InvariantCulture, "loss {0:F4}, accuracy {1:P2} on {2} samples", Loss, a, Count)
        : string.Format(CultureInfo.InvariantCulture, "loss {0:F6} on {1} samples", Loss, Count);
}

/// <summary>Thrown when the loss becomes NaN or infinite: the weights are left as they were before that step.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message)
{
    /// <summary>The last step the non-finite guard skipped: its loss and the tensor and layer that went non-finite.</summary>
    public NonFiniteStep? LastSkippedStep { get; init; }
}
