using ModelGen.Checkpoints;
using ModelGen.Kernels;
using ModelGen.Runtime;

namespace ModelGen.Interop;

/// <summary>
/// How a model's parameters are named and laid out in a PyTorch state dict. ModelGen stores
/// "Hidden.Weight" as [in, out] (inputs are rows); torch.nn.Linear stores "{module}.weight" as
/// [out, in], so weights are transposed on the way in and out. Biases are [out] in both.
/// </summary>
public sealed class PyTorchNames
{
    private readonly Dictionary<string, string> _moduleOfLayer;

    private PyTorchNames(Dictionary<string, string> moduleOfLayer) => _moduleOfLayer = moduleOfLayer;

    /// <summary>
    /// The names of the equivalent <c>torch.nn.Sequential</c>: each Dense layer is one
    /// <c>nn.Linear</c>, followed by one activation module unless it is linear, so for
    /// 64-128(ReLU)-64(ReLU)-10 the linears are "0", "2" and "4".
    /// </summary>
    public static PyTorchNames Sequential(ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        int module = 0;
        foreach (LayerInfo layer in info.Layers.Skip(1))
        {
            map[layer.Name] = module.ToString(System.Globalization.CultureInfo.InvariantCulture);
            module += layer.Activation == ActivationKind.Identity ? 1 : 2;
        }
        return new PyTorchNames(map);
    }

    /// <summary>
    /// Names given per layer: <c>{ ["Hidden"] = "fc1", ... }</c> maps "Hidden.Weight" to "fc1.weight".
    /// Every Dense layer must be named.
    /// </summary>
    public static PyTorchNames FromModules(ModelInfo info, IReadOnlyDictionary<string, string> moduleOfLayer)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(moduleOfLayer);
        foreach (LayerInfo layer in info.Layers.Skip(1))
        {
            if (!moduleOfLayer.ContainsKey(layer.Name))
                throw new ArgumentException($"layer '{layer.Name}' of {info.Name} has no PyTorch module name; name every Dense layer ({string.Join(", ", info.Layers.Skip(1).Select(l => l.Name))}).", nameof(moduleOfLayer));
        }
        foreach (string layer in moduleOfLayer.Keys)
        {
            if (!info.Layers.Skip(1).Any(l => l.Name == layer))
                throw new ArgumentException($"{info.Name} has no Dense layer '{layer}'.", nameof(moduleOfLayer));
        }
        return new PyTorchNames(new Dictionary<string, string>(moduleOfLayer, StringComparer.Ordinal));
    }

    /// <summary>The PyTorch name of a ModelGen parameter ("Hidden.Weight" → "0.weight").</summary>
    public string NameOf(ParameterInfo parameter)
    {
        int dot = parameter.Name.LastIndexOf('.');
        string layer = parameter.Name[..dot];
        string kind = parameter.Name[(dot + 1)..];
        if (!_moduleOfLayer.TryGetValue(layer, out string? module))
            throw new ArgumentException($"parameter '{parameter.Name}' belongs to layer '{layer}', which these names do not map.", nameof(parameter));
        return $"{module}.{kind.ToLowerInvariant()}";
    }

    /// <summary>Each parameter's PyTorch name, PyTorch shape and whether it is transposed.</summary>
    public TensorBinding[] Bindings(ModelInfo info)
        => info.Parameters.Select(p => ParameterShapes.IsBias(p)
            ? new TensorBinding(NameOf(p), [p.Columns], p.Offset, p.Rows, p.Columns, Transposed: false)
            : new TensorBinding(NameOf(p), [p.Columns, p.Rows], p.Offset, p.Rows, p.Columns, Transposed: true)).ToArray();
}
