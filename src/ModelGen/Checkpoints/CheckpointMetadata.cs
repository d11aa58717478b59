using System.Globalization;
using ModelGen.Runtime;

namespace ModelGen.Checkpoints;

/// <summary>
/// The "__metadata__" entries ModelGen writes: what kind of checkpoint the file is and, for a
/// training checkpoint, the step, the random generator's state and the optimizer that produced the
/// optimizer-state tensors ("optimizer.{slot}.{parameter}").
/// </summary>
internal static class CheckpointMetadata
{
    public const string FormatKey = "modelgen.format";
    public const string ModelKey = "modelgen.model";
    public const string StepKey = "modelgen.step";
    public const string RngKey = "modelgen.rng";
    public const string OptimizerKey = "modelgen.optimizer";

    public const string WeightsFormat = "weights/1";
    public const string TrainingFormat = "training/1";

    private const string OptimizerPrefix = "optimizer.";

    public static string OptimizerTensorPrefix(int slot) => $"{OptimizerPrefix}{slot}.";

    public static bool IsOptimizerTensor(string name) => name.StartsWith(OptimizerPrefix, StringComparison.Ordinal);

    public static bool IsTrainingCheckpoint(SafeTensorsFile file) => file.Metadata.GetValueOrDefault(FormatKey) == TrainingFormat;

    /// <summary>
    /// Identifies the optimizer's update rule and state layout. A training checkpoint resumes only
    /// with the same optimizer type, whose state slots mean the same thing.
    /// </summary>
    public static string Fingerprint(Optimizer optimizer)
        => $"{optimizer.GetType().FullName}; slots={optimizer.StateSlots.ToString(CultureInfo.InvariantCulture)}";

    public static void Describe(SafeTensorsWriter writer, ModelInfo info, string format)
    {
        writer.SetMetadata(FormatKey, format);
        writer.SetMetadata(ModelKey, info.Name);
    }

    public static string FormatRng((ulong, ulong, ulong, ulong) state)
        => string.Join(",", new[] { state.Item1, state.Item2, state.Item3, state.Item4 }.Select(s => s.ToString("x16", CultureInfo.InvariantCulture)));

    public static (ulong, ulong, ulong, ulong) ParseRng(SafeTensorsFile file)
    {
        string text = Required(file, RngKey);
        string[] parts = text.Split(',');
        var words = new ulong[4];
        if (parts.Length != 4 || !parts.Select((p, i) => ulong.TryParse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i])).All(ok => ok)
            || words.All(w => w == 0)) // xoshiro's one forbidden state
            throw new CheckpointException(file.Path, $"metadata {RngKey} is '{text}', not four hexadecimal words (not all zero); the file is corrupted: save it again.");
        return (words[0], words[1], words[2], words[3]);
    }

    public static long ParseStep(SafeTensorsFile file)
    {
        string text = Required(file, StepKey);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
            throw new CheckpointException(file.Path, $"metadata {StepKey} is '{text}', not a non-negative integer; the file is corrupted: save it again.");
        return step;
    }

    public static string Required(SafeTensorsFile file, string key)
        => file.Metadata.TryGetValue(key, out string? value)
            ? value
            : throw new CheckpointException(file.Path, $"metadata {key} is missing: this is not a ModelGen training checkpoint (save one with SaveTrainingCheckpoint, or load only the weights with LoadWeights).");
}
