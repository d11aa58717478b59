using ModelGen.Generator.Check;

namespace ModelGen.Generator.IR;

/// <summary>The IR ops of one layer: its parameters (with how they start) and the ops from its input to its output.</summary>
internal static class LayerLowering
{
    public static Value Lower(Graph graph, LayerDefinition layer, int index, Value x)
    {
        Value output = layer.Kind switch
        {
            LayerKind.Dense => Dense(graph, layer, x),
            LayerKind.LayerNorm or LayerKind.GroupNorm or LayerKind.RmsNorm => Normalize(graph, layer, x),
            LayerKind.BatchNorm => BatchNormalize(graph, layer, x),
            LayerKind.Dropout => Dropout(graph, layer, index, x),
            LayerKind.Softmax => Softmax(graph, layer, x),
            LayerKind.Embedding => Embedding(graph, layer, x),
            LayerKind.SelfAttention => SelfAttention(graph, layer, x),
            _ => throw new System.InvalidOperationException($"No lowering for {layer.Kind}."),
        };
        if (layer.Kind != LayerKind.Dense && layer.Activation != Activation.Identity)
            output = Activate(graph, layer, output, layer.Name);
        if (layer.Checkpoint) graph.Checkpoints.Add(new CheckpointedLayer(layer.Name, output));
        return output;
    }

    private static Value Dense(Graph graph, LayerDefinition layer, Value x)
    {
        Value weight = Parameter(graph, layer.Name + ".Weight", layer.Inputs, layer.Outputs, WeightInit(layer, layer.Inputs, layer.Outputs));
        Value bias = Parameter(graph, layer.Name + ".Bias", 1, layer.Outputs, ParameterInit.Zeros);
        bool linear = layer.Activation == Activation.Identity;
        Value pre = Projection(graph, layer.Name, x, weight, bias, linear ? layer.Name : layer.Name + ".PreActivation", 1, layer.Outputs);
        return linear ? pre : Activate(graph, layer, pre, layer.Name);
    }

    /// <summary>x·W + b on <paramref name="rowsPerSample"/> rows per sample (a per-position projection of a sequence).</summary>
    private static Value Projection(Graph graph, string layer, Value x, Value weight, Value bias, string outputName, int rowsPerSample, int width)
    {
        Value product = graph.Add(layer + ".Product", ValueKind.Activation, -1, width);
        graph.Ops.Add(new Op(OpKind.MatMul, new[] { x, weight }, new[] { product }) { Layer = layer, RowsPerSample = rowsPerSample });
        Value output = graph.Add(outputName, ValueKind.Activation, -1, width);
        graph.Ops.Add(new Op(OpKind.AddBias, new[] { product, bias }, new[] { output }) { Layer = layer, RowsPerSample = rowsPerSample });
        return output;
    }

    /// <summary>The activation's output carries the layer's name (its pre-activation value has a suffix).</summary>
    private static Value Activate(Graph graph, LayerDefinition layer, Value input, string name)
    {
        Value output = graph.Add(name, ValueKind.Activation, -1, input.Columns);
        graph.Ops.Add(new Op(OpKind.Activate, new[] { input }, new[] { output }) { Layer = layer.Name, Activation = layer.Activation, Alpha = layer.Alpha });
        return output;
    }

    private static Value Normalize(Graph graph, LayerDefinition layer, Value x)
    {
        NormKind norm = layer.Kind switch { LayerKind.LayerNorm => NormKind.Layer, LayerKind.GroupNorm => NormKind.Group, _ => NormKind.Rms };
        Value gamma = Parameter(graph, layer.Name + ".Weight", 1, layer.Outputs, ParameterInit.Ones);
        Value? beta = norm == NormKind.Rms ? null : Parameter(graph, layer.Name + ".Bias", 1, layer.Outputs, ParameterInit.Zeros);
        int groups = norm == NormKind.Group ? layer.Groups : 1;
        Value y = graph.Add(Named(layer, ".Normalized"), ValueKind.Activation, -1, layer.Outputs);
        // Per-sample statistics for the backward pass: mean and 1/σ per group (1/rms for RMSNorm).
        Value mean = graph.Add(layer.Name + ".Mean", ValueKind.Activation, -1, groups);
        Value invStd = graph.Add(layer.Name + ".InverseStd", ValueKind.Activation, -1, groups);
        var inputs = beta is null ? new[] { x, gamma } : new[] { x, gamma, beta };
        var outputs = norm == NormKind.Rms ? new[] { y, invStd } : new[] { y, mean, invStd };
        graph.Ops.Add(new Op(OpKind.Normalize, inputs, outputs) { Layer = layer.Name, Norm = norm, Groups = groups, Epsilon = layer.Epsilon });
        return y;
    }

    private static Value BatchNormalize(Graph graph, LayerDefinition layer, Value x)
    {
        Value gamma = Parameter(graph, layer.Name + ".Weight", 1, layer.Outputs, ParameterInit.Ones);
        Value beta = Parameter(graph, layer.Name + ".Bias", 1, layer.Outputs, ParameterInit.Zeros);
        Value runningMean = State(graph, layer.Name + ".RunningMean", layer.Outputs, ParameterInit.Zeros);
        Value runningVar = State(graph, layer.Name + ".RunningVar", layer.Outputs, ParameterInit.Ones);
        // The statistics the backward pass reads: per-step scratch in the state arena, not saved.
        Value mean = State(graph, layer.Name + ".BatchMean", layer.Outputs, ParameterInit.Zeros);
        Value invStd = State(graph, layer.Name + ".BatchInverseStd", layer.Outputs, ParameterInit.Ones);
        mean.Persistent = invStd.Persistent = false;
        Value y = graph.Add(Named(layer, ".Normalized"), ValueKind.Activation, -1, layer.Outputs);
        graph.Ops.Add(new Op(OpKind.Normalize, new[] { x, gamma, beta, runningMean, runningVar, mean, invStd }, new[] { y })
        {
            Layer = layer.Name, Norm = NormKind.Batch, Epsilon = layer.Epsilon, Momentum = layer.Momentum,
        });
        return y;
    }

    private static Value Dropout(Graph graph, LayerDefinition layer, int index, Value x)
    {
        Value y = graph.Add(layer.Name, ValueKind.Activation, -1, layer.Outputs);
        Value mask = graph.Add(layer.Name + ".Mask", ValueKind.Activation, -1, layer.Outputs);
        graph.Ops.Add(new Op(OpKind.Dropout, new[] { x }, new[] { y, mask }) { Layer = layer.Name, Probability = layer.Probability, LayerIndex = index });
        return y;
    }

    private static Value Softmax(Graph graph, LayerDefinition layer, Value x)
    {
        Value y = graph.Add(layer.Name, ValueKind.Activation, -1, layer.Outputs);
        graph.Ops.Add(new Op(OpKind.Softmax, new[] { x }, new[] { y }) { Layer = layer.Name, Temperature = layer.Temperature });
        return y;
    }

    private static Value Embedding(Graph graph, LayerDefinition layer, Value tokens)
    {
        int dimension = layer.Outputs / layer.Sequence;
        Value table = Parameter(graph, layer.Name + ".Weight", layer.Vocabulary, dimension, ParameterInit.StandardNormal);
        Value y = graph.Add(layer.Name, ValueKind.Activation, -1, layer.Outputs);
        graph.Ops.Add(new Op(OpKind.Embedding, new[] { tokens, table }, new[] { y }) { Layer = layer.Name, Sequence = layer.Sequence, Vocabulary = layer.Vocabulary });
        return y;
    }

    /// <summary>Per-position projections to queries, keys and values, the attention core, and the output projection.</summary>
    private static Value SelfAttention(Graph graph, LayerDefinition layer, Value x)
    {
        int d = layer.Outputs / layer.Sequence;
        Value Project(string part, Value input, string? outputName = null)
        {
            string name = layer.Name + "." + part;
            Value weight = Parameter(graph, name + ".Weight", d, d, new ParameterInit("XavierUniform", d, d, 0));
            Value bias = Parameter(graph, name + ".Bias", 1, d, ParameterInit.Zeros);
            return Projection(graph, name, input, weight, bias, outputName ?? name + ".Projected", layer.Sequence, layer.Outputs);
        }
        Value q = Project("Query", x), k = Project("Key", x), v = Project("Value", x);
        Value context = graph.Add(layer.Name + ".Context", ValueKind.Activation, -1, layer.Outputs);
        Value probabilities = graph.Add(layer.Name + ".Probabilities", ValueKind.Activation, -1, layer.Heads * layer.Sequence * layer.Sequence);
        graph.Ops.Add(new Op(OpKind.Attention, new[] { q, k, v }, new[] { context, probabilities })
        {
            Layer = layer.Name, Sequence = layer.Sequence, Heads = layer.Heads, Causal = layer.Causal,
        });
        return Project("Output", context, Named(layer, ".Attended"));
    }

    private static string Named(LayerDefinition layer, string suffix) =>
        layer.Activation == Activation.Identity ? layer.Name : layer.Name + suffix;

    private static readonly string[] InitializerNames = { "Default", "HeNormal", "HeUniform", "XavierNormal", "XavierUniform", "LeCunNormal", "Zeros" };

    /// <summary>The user's Init, else He for the ReLU family and Xavier for the rest.</summary>
    private static ParameterInit WeightInit(LayerDefinition layer, int fanIn, int fanOut)
    {
        string scheme = layer.Initializer > 0 && layer.Initializer < InitializerNames.Length
            ? InitializerNames[layer.Initializer]
            : layer.Activation is Activation.Relu or Activation.LeakyRelu or Activation.Gelu or Activation.GeluTanh or Activation.Silu or Activation.Softplus
                ? "HeNormal" : "XavierUniform";
        return new ParameterInit(scheme, fanIn, fanOut, layer.Alpha);
    }

    private static Value Parameter(Graph graph, string name, int rows, int columns, ParameterInit init)
    {
        Value value = graph.Add(name, ValueKind.Parameter, rows, columns);
        value.Init = init;
        return value;
    }

    private static Value State(Graph graph, string name, int columns, ParameterInit init)
    {
        Value value = graph.Add(name, ValueKind.State, 1, columns);
        value.Init = init;
        return value;
    }
}
