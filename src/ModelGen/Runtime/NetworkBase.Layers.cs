namespace ModelGen.Runtime;

/// <summary>What layers beyond Dense need from the network: a training flag, dropout seeds, a state arena.</summary>
public abstract unsafe partial class NetworkBase<T>
{
    private readonly T[] _state;
    private readonly ulong _dropoutSeed;

    /// <summary>
    /// Whether the current pass trains: dropout drops and batch normalization uses (and updates) batch
    /// statistics. <see cref="ComputeLoss"/> trains when it computes gradients, unless
    /// <see cref="TrainingModeOverride"/> says otherwise; prediction never trains.
    /// </summary>
    protected bool IsTraining { get; private set; }

    /// <summary>Forces training (true) or evaluation (false) behaviour of the next passes; null follows <c>gradients</c>.</summary>
    public bool? TrainingModeOverride { get; set; }

    /// <summary>Non-trainable tensors (batch-norm running statistics), in the layout of <see cref="ModelInfo.States"/>.</summary>
    protected T* State { get; }

    /// <summary>The non-trainable state (batch-norm running statistics), saved with the weights.</summary>
    public System.Span<T> StateValues => _state.AsSpan(0, Info.StateCount);

    /// <summary>
    /// The dropout seed of a layer for the current step: a mix of the model's seed, the optimizer step
    /// and the layer, so masks change every step, repeat within a step (gradient checks) and across runs.
    /// </summary>
    protected ulong DropoutSeed(int layer) => Mix(DropoutStepSeed + (ulong)layer);

    /// <summary>
    /// The current step's dropout seed before the layer is mixed in: layer i's seed is
    /// Mix(DropoutStepSeed + i). The PTX kernels take it as their <c>p_seed</c> argument.
    /// </summary>
    public ulong DropoutStepSeed => Mix(_dropoutSeed ^ 0x9E3779B97F4A7C15UL) + (ulong)Step * 0xBF58476D1CE4E5B9UL;

    /// <summary>Whether a pass that computes <paramref name="gradients"/> trains (dropout drops), as <see cref="ComputeLoss"/> decides.</summary>
    public bool TrainsWhenComputing(bool gradients) => TrainingModeOverride ?? gradients;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
