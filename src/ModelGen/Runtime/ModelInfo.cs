namespace ModelGen.Runtime;

/// <summary>The loss a model trains with.</summary>
public enum LossKind { SoftmaxCrossEntropy, MeanSquaredError, BinaryCrossEntropyWithLogits, Huber, Expression }

/// <summary>One layer (or the input) of a model, and where its output lives in the activation arena.</summary>
/// <param name="Name">The member's name in the model class.</param>
/// <param name="Width">Values per sample.</param>
/// <param name="Description">The layer as text, for reports.</param>
/// <param name="ColumnOffset">The layer output's column offset in the activation arena; -1 for the input.</param>
/// <param name="Activation">The layer's activation (Identity for the input and linear layers), for exporters.</param>
/// <param name="ActivationAlpha">The activation's parameter (LeakyRelu's negative slope), 0 otherwise.</param>
/// <param name="Kind">The layer kind ("Input", "Dense", "LayerNorm", ..., "Output" for a graph-form model's result), for exporters.</param>
public sealed record LayerInfo(string Name, int Width, int ColumnOffset, string Description,
    ModelGen.Kernels.ActivationKind Activation = ModelGen.Kernels.ActivationKind.Identity, double ActivationAlpha = 0, string Kind = "Dense");

/// <summary>A parameter tensor (rows × columns, row-major) at <see cref="Offset"/> in the parameter arena.</summary>
public sealed record ParameterInfo(string Name, int Offset, int Rows, int Columns)
{
    public int Length => Rows * Columns;
}

/// <summary>What the generator compiled: layers, parameter layout, buffer sizes and loss.</summary>
public sealed class ModelInfo
{
    public ModelInfo(string name, LossKind loss, int parameterCount, int activationWidth, LayerInfo[] layers, ParameterInfo[] parameters,
        ParameterInfo[]? states = null, double trainingFlopsPerSample = -1, double inferenceFlopsPerSample = -1, int unsharedActivationWidth = -1,
        int stateCount = -1, int tokenVocabulary = 0)
    {
        Name = name;
        Loss = loss;
        ParameterCount = parameterCount;
        ActivationWidth = activationWidth;
        Layers = layers;
        Parameters = parameters;
        States = states ?? [];
        StateCount = Math.Max(stateCount, States.Count == 0 ? 0 : States.Max(s => s.Offset + s.Length));
        _trainingFlopsPerSample = trainingFlopsPerSample;
        _inferenceFlopsPerSample = inferenceFlopsPerSample;
        UnsharedActivationWidth = unsharedActivationWidth < 0 ? activationWidth : unsharedActivationWidth;
        TokenVocabulary = tokenVocabulary;
    }

    private readonly double _trainingFlopsPerSample, _inferenceFlopsPerSample;

    /// <summary>Non-trainable tensors of the model (batch-norm running statistics) in the state arena; saved with the weights.</summary>
    public IReadOnlyList<ParameterInfo> States { get; }
    /// <summary>For a model whose input holds token ids (an Embedding first): ids must be integers in [0, TokenVocabulary); 0 otherwise.</summary>
    public int TokenVocabulary { get; }
    /// <summary>Elements of the state arena: <see cref="States"/> and the per-step scratch after them.</summary>
    public int StateCount { get; }
    /// <summary>Values per sample the activations would need without liveness-based reuse (and without recomputation).</summary>
    public int UnsharedActivationWidth { get; }

    /// <summary>
    /// Bytes one training step holds at a batch size: the activation arena, the input and target
    /// buffers, parameters, gradients, the state arena, and <paramref name="optimizerSlots"/> optimizer
    /// values per parameter (Adam: 2, momentum: 1, SGD: 0). [Checkpoint] layers lower it.
    /// </summary>
    public long TrainingMemoryBytes(int batch, int optimizerSlots = 0, int elementSize = sizeof(float))
    {
        long perSample = (long)ActivationWidth + InputWidth + OutputWidth;
        long fixedValues = (2L + optimizerSlots) * ParameterCount + StateCount;
        return (perSample * batch + fixedValues) * elementSize;
    }

    public string Name { get; }
    public LossKind Loss { get; }
    /// <summary>Elements of the parameter arena (tensors are 64-byte aligned, so a little more than the sum of their sizes).</summary>
    public int ParameterCount { get; }
    /// <summary>Values per sample in the activation arena, after liveness-based buffer reuse.</summary>
    public int ActivationWidth { get; }
    public IReadOnlyList<LayerInfo> Layers { get; }
    public IReadOnlyList<ParameterInfo> Parameters { get; }
    public int InputWidth => Layers[0].Width;
    public int OutputWidth => Layers[^1].Width;
    /// <summary>Trainable values: the sum of the tensors' sizes.</summary>
    public int TrainableParameters => Parameters.Sum(p => p.Length);

    /// <summary>Floating-point operations of one training step at a batch size (2 per multiply-add of the matrix products).</summary>
    public double TrainingFlops(int batch)
    {
        if (_trainingFlopsPerSample >= 0) return _trainingFlopsPerSample * batch;
        double flops = 0;
        for (int i = 1; i < Layers.Count; i++)
        {
            double product = 2.0 * batch * Layers[i - 1].Width * Layers[i].Width;
            flops += i == 1 ? 2 * product : 3 * product; // the first layer needs no input gradient
        }
        return flops;
    }

    /// <summary>Floating-point operations of one forward pass at a batch size.</summary>
    public double InferenceFlops(int batch)
    {
        if (_inferenceFlopsPerSample >= 0) return _inferenceFlopsPerSample * batch;
        double flops = 0;
        for (int i = 1; i < Layers.Count; i++) flops += 2.0 * batch * Layers[i - 1].Width * Layers[i].Width;
        return flops;
    }
}
