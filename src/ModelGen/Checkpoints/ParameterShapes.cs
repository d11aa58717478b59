using ModelGen.Runtime;

namespace ModelGen.Checkpoints;

/// <summary>
/// The shapes under which ModelGen stores its parameters: a weight is [in, out] (the arena's
/// row-major layout, rows = inputs), a bias is [out] (a vector, as every framework stores biases).
/// </summary>
public static class ParameterShapes
{
    public const string BiasSuffix = ".Bias";

    public static bool IsBias(ParameterInfo parameter) => parameter.Rows == 1 && parameter.Name.EndsWith(BiasSuffix, StringComparison.Ordinal);

    public static int[] Of(ParameterInfo parameter) => IsBias(parameter) ? [parameter.Columns] : [parameter.Rows, parameter.Columns];

    /// <summary>Each parameter under its own name, in ModelGen's layout, at <paramref name="arenaBase"/> + its offset.</summary>
    public static TensorBinding[] Bindings(ModelInfo info, string prefix = "", int arenaBase = 0)
        => info.Parameters.Select(p => new TensorBinding(prefix + p.Name, Of(p), arenaBase + p.Offset, p.Rows, p.Columns, Transposed: false)).ToArray();

    /// <summary>The non-trainable state tensors (batch-norm running statistics), in the state arena.</summary>
    public static TensorBinding[] StateBindings(ModelInfo info)
        => info.States.Select(p => new TensorBinding(p.Name, Of(p), p.Offset, p.Rows, p.Columns, Transposed: false)).ToArray();
}
