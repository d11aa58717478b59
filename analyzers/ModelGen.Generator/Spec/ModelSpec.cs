using ModelGen.Generator.Common;

namespace ModelGen.Generator.Spec;

/// <summary>The ModelGen attributes the parser recognizes on a member.</summary>
internal enum AttributeKind
{
    Input,
    Dense,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Gelu,
    Silu,
    Softplus,
    SoftmaxCrossEntropy,
    MeanSquaredError,
    BinaryCrossEntropyWithLogits,
    Huber,
    LayerNorm,
    RmsNorm,
    BatchNorm,
    GroupNorm,
    Dropout,
    Softmax,
    Embedding,
    SelfAttention,
    Checkpoint,
}

/// <summary>What a member carrying ModelGen attributes looks like, as far as generation cares.</summary>
internal enum MemberShape
{
    /// <summary><c>partial Tensor X { get; }</c>: a layer or the input.</summary>
    PartialTensorProperty,
    /// <summary><c>partial Loss X { get; }</c>: the loss.</summary>
    PartialLossProperty,
    /// <summary><c>partial Layer X { get; }</c>: a layer of a graph-form model, called from the forward method.</summary>
    PartialLayerProperty,
    NotPartial,
    HasSetter,
    WrongType,
    Static,
    NotAProperty,
    HasImplementation,
}

/// <summary>
/// One ModelGen attribute as written. Arguments are the constructor's, in order, as doubles (enums and
/// booleans as their value, defaults filled in); <see cref="Initializer"/> is the named <c>Init</c>
/// argument, 0 when absent; <see cref="Named"/> holds the other named arguments.
/// <see cref="Location"/> indexes the parser's location list (only the analyzer keeps locations).
/// </summary>
internal sealed record AttributeSpec(AttributeKind Kind, EquatableArray<double> Arguments, int Initializer, int Location)
{
    public EquatableArray<NamedArgument> Named { get; init; } = EquatableArray<NamedArgument>.Empty;

    public double NamedOr(string name, double fallback)
    {
        foreach (NamedArgument argument in Named)
        {
            if (argument.Name == name) return argument.Value;
        }
        return fallback;
    }
}

/// <summary>A named attribute argument other than <c>Init</c>, for example <c>LabelSmoothing = 0.1</c>.</summary>
internal sealed record NamedArgument(string Name, double Value);

/// <summary>A member of the model class that carries at least one ModelGen attribute.</summary>
/// <see cref="IsPartialProperty"/>, <see cref="IsStatic"/> and <see cref="HasSetter"/> let a stub implement even a malformed partial property.
internal sealed record MemberSpec(
    string Name,
    MemberShape Shape,
    string TypeName,
    bool IsPartialProperty,
    bool IsStatic,
    bool HasSetter,
    string Accessibility,
    EquatableArray<AttributeSpec> Attributes,
    int Location);

/// <summary>The model class itself: what the emitter needs to reopen it as a partial declaration.</summary>
internal sealed record TypeSpec(
    string? Namespace,
    string Name,
    EquatableArray<string> ContainingTypeDeclarations,
    bool IsPartial,
    bool IsGeneric,
    bool IsStatic,
    bool IsRecord,
    bool ContainingTypesArePartial,
    bool HasUserConstructor,
    string HintName,
    int Location);

/// <summary>Everything the parser extracts from one [Model] class: values only, no Roslyn objects.</summary>
internal sealed record ModelSpec(TypeSpec Type, EquatableArray<MemberSpec> Members)
{
    /// <summary>The [Forward] methods' bodies as expression graphs (a valid model has at most one).</summary>
    public EquatableArray<ForwardSpec> Forwards { get; init; } = EquatableArray<ForwardSpec>.Empty;
    /// <summary>The [Loss] methods' bodies (a valid model has at most one, and then no loss property).</summary>
    public EquatableArray<ForwardSpec> LossMethods { get; init; } = EquatableArray<ForwardSpec>.Empty;
}
