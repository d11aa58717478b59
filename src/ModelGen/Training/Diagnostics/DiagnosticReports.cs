using System.Globalization;

namespace ModelGen.Runtime;

/// <summary>
/// The loss at initialization against what an untrained network should score: log K for K-class
/// softmax cross-entropy (uniform predictions), log 2 for binary cross-entropy (logits near 0), the
/// mean squared target for MSE (outputs near 0). <see cref="Suspicious"/> when more than 2x off
/// either way: the initialization or the input scale is likely wrong.
/// </summary>
public sealed record InitialLossReport(double Expected, double Actual, bool Suspicious)
{
    public double Ratio => Actual / Expected;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "initial loss {0:G4}, expected about {1:G4} ({2:F2}x){3}", Actual, Expected, Ratio,
        Suspicious ? ": more than 2x off; check the initialization and the input scale" : "");
}

/// <summary>Whether training on one small batch drove its loss below <see cref="Threshold"/>: a network and loss that can learn at all.</summary>
public sealed record OverfitOneBatchReport(int BatchSize, int Steps, double InitialLoss, double FinalLoss, double Threshold)
{
    public bool Passed => FinalLoss < Threshold;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "one batch of {0}, {1} steps: loss {2:G4} -> {3:G4}; {4}", BatchSize, Steps, InitialLoss, FinalLoss,
        Passed ? $"below {Threshold:G3}, the model can learn"
               : $"not below {Threshold:G3}: look for a bug in the data, labels or loss, or a learning rate far off");
}

/// <summary>One layer's gradient (weights and bias together) against its weights.</summary>
public sealed record LayerGradientHealth(string Layer, double GradientNorm, double WeightNorm)
{
    /// <summary>Gradient norm / weight norm: the fraction of the weights a unit-rate step would change.</summary>
    public double Ratio => GradientNorm / WeightNorm;

    public bool NonFinite => !double.IsFinite(GradientNorm);
    public bool Vanishing => Ratio < TrainingDiagnostics.VanishingRatio;
    public bool Exploding => Ratio > TrainingDiagnostics.ExplodingRatio;

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0}: gradient {1:G3}, weights {2:G3}, ratio {3:G3}{4}", Layer, GradientNorm, WeightNorm, Ratio,
        NonFinite ? "  NON-FINITE" : Vanishing ? "  VANISHING" : Exploding ? "  EXPLODING" : "");
}

/// <summary>Per-layer gradient magnitudes on one batch, in forward order.</summary>
public sealed record GradientHealthReport(IReadOnlyList<LayerGradientHealth> Layers)
{
    public IEnumerable<LayerGradientHealth> Flagged => Layers.Where(l => l.NonFinite || l.Vanishing || l.Exploding);

    public override string ToString() => string.Join(Environment.NewLine, Layers);
}
