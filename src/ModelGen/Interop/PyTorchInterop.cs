using System.Numerics;
using ModelGen.Runtime;

namespace ModelGen.Interop;

/// <summary>Moves weights to and from PyTorch state dicts saved as safetensors.</summary>
public static class PyTorchInterop
{
    /// <summary>Writes the weights under PyTorch names and layouts (default: <see cref="PyTorchNames.Sequential"/>).</summary>
    public static void Export<T>(NetworkBase<T> network, string path, PyTorchNames? names = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        RequireDenseLayers(network.Info);
        network.SaveWeights(path, (names ?? PyTorchNames.Sequential(network.Info)).Bindings(network.Info));
    }

    /// <summary>
    /// Loads a state dict written by <c>safetensors.torch.save_file(model.state_dict(), path)</c> (or
    /// by hand), validated like any checkpoint: on a problem the network is unchanged.
    /// </summary>
    public static void Import<T>(NetworkBase<T> network, string path, PyTorchNames? names = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        RequireDenseLayers(network.Info);
        network.LoadWeights(path, (names ?? PyTorchNames.Sequential(network.Info)).Bindings(network.Info));
    }

    /// <summary>The state-dict mapping ([out, in] linear weights, nn.Sequential indices) is defined for Dense layers only.</summary>
    private static void RequireDenseLayers(ModelInfo info)
    {
        if (info.Layers.Skip(1).FirstOrDefault(l => l.Kind != "Dense") is { } unsupported)
            throw new NotSupportedException($"PyTorch state-dict interop covers models of Dense layers; {info.Name}'s '{unsupported.Name}' is {unsupported.Kind}. Use SaveWeights/LoadWeights (safetensors) instead.");
    }
}
