namespace ModelGen.Runtime;

/// <summary>
/// Groups a model's parameter tensors ("Hidden.Weight", "Hidden.Bias") by layer ("Hidden"), in
/// arena order, so per-layer figures can be gathered per step into preallocated arrays.
/// </summary>
internal sealed class ParameterLayers
{
    private const string WeightSuffix = ".Weight";

    public ParameterLayers(ModelInfo info)
    {
        Tensors = [.. info.Parameters];
        var names = new List<string>();
        LayerOfTensor = new int[Tensors.Length];
        for (int t = 0; t < Tensors.Length; t++)
        {
            string layer = LayerOf(Tensors[t].Name);
            int index = names.IndexOf(layer);
            if (index < 0) { index = names.Count; names.Add(layer); }
            LayerOfTensor[t] = index;
        }
        Names = [.. names];
    }

    /// <summary>The parameter tensors, in arena order (a copy, so per-step loops index an array, not an interface).</summary>
    public ParameterInfo[] Tensors { get; }

    /// <summary>Layer names, in the order their first tensor appears in the arena.</summary>
    public string[] Names { get; }

    /// <summary>For each tensor, the index of its layer in <see cref="Names"/>.</summary>
    public int[] LayerOfTensor { get; }

    public static string LayerOf(string parameter)
    {
        int dot = parameter.LastIndexOf('.');
        return dot < 0 ? parameter : parameter[..dot];
    }

    /// <summary>Weights are penalized; biases are not (penalizing a bias only shifts the outputs' mean, it does not limit capacity).</summary>
    public static bool IsWeight(ParameterInfo tensor) => tensor.Name.EndsWith(WeightSuffix, StringComparison.Ordinal);
}
