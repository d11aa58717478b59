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
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string text = string.Format(c, "epoch {0,3}/{1}  loss {2:F4}", Epoch, Epochs, Loss);
        if (Accuracy is { } a) text += string.Format(c, "  acc {0:P2}", a);
        if (ValidationLoss is { } vl) text += string.Format(c, "  val loss {0:F4}", vl);
        if (ValidationAccuracy is { } va) text += string.Format(c, "  val acc {0:P2}", va);
        return text + string.Format(c, "  {0,7:F1} ms  {1,9:N0} samples/s", Elapsed.TotalMilliseconds, SamplesPerSecond);
    }
}

/// <summary>Every epoch of one <c>Fit</c> call.</summary>
public sealed record TrainingHistory(IReadOnlyList<EpochReport> Epochs)
{
    public EpochReport Last => Epochs[^1];
}

/// <summary>Loss (mean per sample) and accuracy (null for regression) over a data set.</summary>
public sealed record Evaluation(double Loss, double? Accuracy, int Count)
{
    public override string ToString() => Accuracy is { } a
        ? string.Format(CultureInfo.InvariantCulture, "loss {0:F4}, accuracy {1:P2} on {2} samples", Loss, a, Count)
        : string.Format(CultureInfo.InvariantCulture, "loss {0:F6} on {1} samples", Loss, Count);
}

/// <summary>Thrown when the loss becomes NaN or infinite: the weights are left as they were before that step.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
