namespace ModelGen;

/// <summary>
/// Inverted dropout: while training, each value is zeroed with <paramref name="probability"/> and the
/// rest scaled by 1/(1 − p); in evaluation the layer passes values through. The mask is drawn from
/// the model's seed and step, so a run is reproducible.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class DropoutAttribute(double probability) : Attribute
{
    public double Probability { get; } = probability;
}

/// <summary>
/// Softmax over each sample's values at a temperature: softmax(x / T), max-shifted. Before a
/// cross-entropy loss it is folded into the loss's logits form (MG0012).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class SoftmaxAttribute(double temperature = 1.0) : Attribute
{
    public double Temperature { get; } = temperature;
}

/// <summary>
/// Token embedding: the input holds one token id per position (as exact integers), each replaced by a
/// learned row of <paramref name="dimension"/> values from a <paramref name="vocabulary"/>-row table.
/// The output has sequence × dimension values per sample.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class EmbeddingAttribute(int vocabulary, int dimension) : Attribute
{
    public int Vocabulary { get; } = vocabulary;
    public int Dimension { get; } = dimension;
}

/// <summary>
/// Multi-head scaled dot-product self-attention over a sample of <paramref name="sequence"/> positions
/// (the previous layer's width must be a multiple of it): per-position query, key, value and output
/// projections, scores scaled by 1/√(head size), a max-shifted softmax, and with
/// <paramref name="causal"/> each position attends only to itself and earlier positions.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class SelfAttentionAttribute(int sequence, int heads = 1, bool causal = false) : Attribute
{
    public int Sequence { get; } = sequence;
    public int Heads { get; } = heads;
    public bool Causal { get; } = causal;
}

/// <summary>
/// Activation checkpointing: the layer's intermediate values are not kept for the backward pass but
/// recomputed from its input, trading one more forward of the layer for memory.
/// See <see cref="Runtime.ModelInfo.TrainingMemoryBytes"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)]
public sealed class CheckpointAttribute : Attribute { }
