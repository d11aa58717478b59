using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generator.Spec;
using static ModelGen.Generator.Check.ModelValidator;

namespace ModelGen.Generator.Check;

/// <summary>
/// Turns a layer member and the width of the value it is applied to into a <see cref="LayerDefinition"/>,
/// checking what depends on that width. Both model forms use it, so a layer means the same in each.
/// </summary>
internal static class LayerResolver
{
    /// <summary>Parameters live in one array; 2^30 values (4 GiB of float) is far beyond any CPU model and keeps offsets in int.</summary>
    public const long MaxParameters = 1L << 30;

    /// <summary>The layer, or null when its sizes cannot work (the issue is recorded).</summary>
    public static LayerDefinition? Resolve(MemberRole role, int width, string previousName, List<ModelIssue> issues)
    {
        AttributeSpec attribute = role.Role;
        var args = attribute.Arguments;
        double Arg(int index) => index < args.Count ? args[index] : double.NaN;
        string name = role.Member.Name;
        LayerDefinition? layer = attribute.Kind switch
        {
            AttributeKind.Dense => Dense(role, width, previousName, issues),
            AttributeKind.LayerNorm => new LayerDefinition(name, LayerKind.LayerNorm, width, width) { Epsilon = Arg(0) },
            AttributeKind.RmsNorm => new LayerDefinition(name, LayerKind.RmsNorm, width, width) { Epsilon = Arg(0) },
            AttributeKind.BatchNorm => new LayerDefinition(name, LayerKind.BatchNorm, width, width) { Momentum = Arg(0), Epsilon = Arg(1) },
            AttributeKind.GroupNorm => Divisible(role, width, (int)Arg(0), "groups", issues)
                ? new LayerDefinition(name, LayerKind.GroupNorm, width, width) { Groups = (int)Arg(0), Epsilon = Arg(1) }
                : null,
            AttributeKind.Dropout => new LayerDefinition(name, LayerKind.Dropout, width, width) { Probability = Arg(0) },
            AttributeKind.Softmax => new LayerDefinition(name, LayerKind.Softmax, width, width) { Temperature = Arg(0) },
            // Sizes that failed their own check (or an input of unknown width) leave the layer unresolved.
            AttributeKind.Embedding when width > 0 && IsPositiveSize(Arg(0)) && IsPositiveSize(Arg(1)) => new LayerDefinition(name, LayerKind.Embedding, width, width * (int)Arg(1))
            {
                Vocabulary = (int)Arg(0), Sequence = width,
            },
            AttributeKind.Embedding => null,
            AttributeKind.SelfAttention => Attention(role, width, (int)Arg(0), (int)Arg(1), Arg(2) == 1, issues),
            _ => null,
        };
        if (layer is null) return null;
        return layer with
        {
            Activation = ToActivation(role.Activation),
            Alpha = Alpha(role.Activation),
            Initializer = attribute.Initializer,
            Checkpoint = role.Checkpoint,
        };
    }

    /// <summary>Trainable values of a layer, to keep the whole model within <see cref="MaxParameters"/>.</summary>
    public static long ParameterCount(LayerDefinition layer) => layer.Kind switch
    {
        LayerKind.Dense => ((long)layer.Inputs + 1) * layer.Outputs,
        LayerKind.LayerNorm or LayerKind.BatchNorm or LayerKind.GroupNorm => 2L * layer.Outputs,
        LayerKind.RmsNorm => layer.Outputs,
        LayerKind.Embedding => (long)layer.Vocabulary * (layer.Outputs / System.Math.Max(1, layer.Sequence)),
        LayerKind.SelfAttention => 4L * ModelDimension(layer) * (ModelDimension(layer) + 1),
        _ => 0,
    };

    public static int ModelDimension(LayerDefinition layer) => layer.Outputs / layer.Sequence;

    private static LayerDefinition? Dense(MemberRole role, int width, string previousName, List<ModelIssue> issues)
    {
        var args = role.Role.Arguments;
        double declared = args.Count > 0 ? args[args.Count - 1] : 0;
        int outputs = IsPositiveSize(declared) ? (int)declared : 0;
        if (args.Count == 2 && width > 0 && outputs > 0 && IsPositiveSize(args[0]) && (int)args[0] != width)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.SizeMismatch, role.Role.Location, role.Member.Name,
                Format(args[0]), previousName, Format(width), Format(outputs)));
            return null;
        }
        return outputs > 0 ? new LayerDefinition(role.Member.Name, LayerKind.Dense, width, outputs) : null;
    }

    private static LayerDefinition? Attention(MemberRole role, int width, int sequence, int heads, bool causal, List<ModelIssue> issues)
    {
        if (sequence <= 0 || heads <= 0) return null;
        if (!Divisible(role, width, sequence, "sequence positions", issues)) return null;
        if (!Divisible(role, width / sequence, heads, "heads (the per-position width)", issues)) return null;
        return new LayerDefinition(role.Member.Name, LayerKind.SelfAttention, width, width) { Sequence = sequence, Heads = heads, Causal = causal };
    }

    private static bool Divisible(MemberRole role, int width, int parts, string what, List<ModelIssue> issues)
    {
        if (parts <= 0 || width <= 0) return false;
        if (width % parts == 0) return true;
        issues.Add(ModelIssue.Create(DiagnosticIds.InvalidArgument, role.Role.Location, role.Member.Name,
            $"[{role.Role.Kind}] splits {width.ToString(CultureInfo.InvariantCulture)} values per sample into {parts.ToString(CultureInfo.InvariantCulture)} {what}, which does not divide it: choose a divisor of {width.ToString(CultureInfo.InvariantCulture)}"));
        return false;
    }
}
