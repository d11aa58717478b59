using System.Numerics;
using ModelGen.Checkpoints;
using ModelGen.Kernels;
using ModelGen.Runtime;

namespace ModelGen.Interop.Onnx;

/// <summary>
/// Exports a model's inference graph to ONNX (opset 17, float32): input [batch, in] named after the
/// model's input member, one Gemm per Dense layer (weights [in, out] as stored, so no transpose),
/// its activation as ONNX operators, and the raw outputs (logits or regression values) named after
/// the last layer. The loss is not part of the graph; apply softmax or sigmoid to the outputs for
/// probabilities.
/// </summary>
public static class OnnxExport
{
    public const long Opset = 17;

    public static void Export<T>(NetworkBase<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        byte[] model = ToBytes(network);
        AtomicFile.Write(path, stream => stream.Write(model));
    }

    public static byte[] ToBytes<T>(NetworkBase<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ModelInfo info = network.Info;
        if (info.Layers.Skip(1).FirstOrDefault(l => l.Kind != "Dense") is { } unsupported)
            throw new NotSupportedException($"ONNX export covers models of Dense layers; {info.Name}'s '{unsupported.Name}' is {unsupported.Kind}. Export the weights with SaveWeights (safetensors) instead.");
        var graph = new OnnxGraph(info.Name);
        LayerInfo input = info.Layers[0];
        graph.Input(input.Name, input.Width);
        string current = input.Name;
        foreach (LayerInfo layer in info.Layers.Skip(1))
        {
            string weight = graph.Initializer($"{layer.Name}.Weight", Shape(info, $"{layer.Name}.Weight"), ToFloat(network.Parameter($"{layer.Name}.Weight")));
            string bias = graph.Initializer($"{layer.Name}.Bias", Shape(info, $"{layer.Name}.Bias"), ToFloat(network.Parameter($"{layer.Name}.Bias")));
            string linear = layer.Activation == ActivationKind.Identity ? layer.Name : $"{layer.Name}.PreActivation";
            graph.Node("Gemm", linear, [current, weight, bias]);
            current = OnnxActivations.Append(graph, layer.Activation, layer.ActivationAlpha, linear, layer.Name);
        }
        graph.Output(current, info.OutputWidth);
        string version = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0";
        return graph.ToModelProto(version, Opset);
    }

    private static int[] Shape(ModelInfo info, string name) => ParameterShapes.Of(info.Parameters.First(p => p.Name == name));

    private static float[] ToFloat<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = float.CreateTruncating(values[i]);
        return result;
    }
}
