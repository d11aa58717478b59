using System.Globalization;

namespace ModelGen.Runtime;

/// <summary>One layer's gradient L2 norm (weights and bias together) over an epoch's steps.</summary>
public sealed record LayerGradientNorm(string Layer, double MeanNorm, double MaxNorm)
{
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}: mean {1:G4}, max {2:G4}", Layer, MeanNorm, MaxNorm);
}

/// <summary>
/// A training step the non-finite guard skipped. <see cref="Parameter"/> is the first parameter
/// tensor (in the arena's forward order) whose gradient held a NaN or infinity; <see cref="Layer"/> is
/// the first layer whose forward output did (null when the forward pass was finite and only the
/// loss or backward pass overflowed).
/// </summary>
public sealed record NonFiniteStep(int Epoch, long Update, double Loss, string? Parameter, string? Layer)
{
    /// <summary>
    /// The first kernel, in execution order (forward, loss, backward), whose output held a NaN or
    /// infinity, with its layer: for example "layer 'Hidden', DenseForward writing Hidden". Null when
    /// the rerun of the step was finite.
    /// </summary>
    public string? Op { get; init; }

    /// <summary>Where the input batch itself held a non-finite value ("row 3, feature 7 is NaN"), if it did.</summary>
    public string? Input { get; init; }

    /// <summary>The layer to blame: where the forward pass first went non-finite, else the first bad gradient's layer.</summary>
    public string? Culprit => Layer ?? (Parameter is { } p ? ParameterLayers.LayerOf(p) : null);

    public override string ToString()
    {
        string where = (Layer, Parameter) switch
        {
            ({ } layer, { } parameter) => $"the output of layer {layer} was the first non-finite value in the forward pass, and {parameter} the first non-finite gradient",
            ({ } layer, null) => $"the output of layer {layer} was the first non-finite value in the forward pass",
            (null, { } parameter) => $"{parameter} held the first non-finite gradient (layer {ParameterLayers.LayerOf(parameter)})",
            _ => "the loss was non-finite but every layer output and gradient was finite",
        };
        if (Op is { } op) where += $"; first non-finite kernel output: {op}";
        if (Input is { } input) where += $"; the input batch is not finite: {input}";
        return string.Format(CultureInfo.InvariantCulture, "epoch {0}, update {1}: loss {2}; {3}", Epoch, Update, Loss, where);
    }
}
