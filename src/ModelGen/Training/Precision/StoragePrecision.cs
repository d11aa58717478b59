namespace ModelGen;

/// <summary>
/// The precision activations and activation gradients are stored in during training. The weights,
/// their gradients and the optimizer state stay in the network's element type (the "master" copy).
/// </summary>
public enum StoragePrecision
{
    /// <summary>Full float32: nothing is rounded.</summary>
    Float32,
    /// <summary>bfloat16: float32's exponent range with 8 significant bits; small gradients survive, so no loss scaling is needed.</summary>
    BFloat16,
    /// <summary>IEEE half: 11 significant bits but a range of only about 6e-8 to 65504, so small gradients flush to zero without loss scaling.</summary>
    Float16,
}
