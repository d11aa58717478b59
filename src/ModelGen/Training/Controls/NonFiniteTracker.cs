using ModelGen.Runtime;

namespace ModelGen;

/// <summary>Counts the guard's skipped steps for one Fit call and stops a run that keeps diverging.</summary>
internal sealed class NonFiniteTracker(NonFiniteGuard guard)
{
    private int _consecutive;

    public int SkippedThisEpoch { get; private set; }
    public NonFiniteStep? LastThisEpoch { get; private set; }

    public void StartEpoch()
    {
        SkippedThisEpoch = 0;
        LastThisEpoch = null;
    }

    public void StepSucceeded() => _consecutive = 0;

    /// <summary>Records a skipped step; throws once <see cref="NonFiniteGuard.MaxConsecutiveSkips"/> were skipped in a row.</summary>
    public void StepSkipped(NonFiniteStep step, float learningRate)
    {
        SkippedThisEpoch++;
        LastThisEpoch = step;
        if (++_consecutive < guard.MaxConsecutiveSkips) return;
        string blame = step.Culprit is { } layer ? $" in layer {layer}" : "";
        string count = _consecutive == 1 ? "A training step" : $"{_consecutive} training steps in a row";
        throw new TrainingDivergedException(
            $"{count} produced non-finite values{blame} ({step}). The weights and optimizer state are unchanged from before " +
            $"{(_consecutive == 1 ? "that step" : "those steps")}. Lower the learning rate (it was {learningRate:G4}), clip the gradients " +
            "(TrainingOptions.ClipGlobalNorm), or standardize the inputs.")
        { LastSkippedStep = step };
    }
}
