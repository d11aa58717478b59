using System.Text.Json;
using ModelGen.Checkpoints;
using ModelGen.Interop;
using ModelGen.Runtime;
using ModelGen.Tests.Models;

namespace ModelGen.Tests.Shipping;

/// <summary>
/// Weights move between PyTorch and ModelGen: PyTorch (Debian's python3-torch) writes a state dict
/// as safetensors, ModelGen loads it and predicts what PyTorch predicts; ModelGen exports, PyTorch
/// loads (strict) and predicts what ModelGen predicts. Without torch these tests fail:
/// scripts/test-dependencies.sh installs it.
/// </summary>
public class PyTorchInteropTests
{
    private const string MissingTorch = "The PyTorch interop tests need /usr/bin/python3 with torch: run scripts/test-dependencies.sh (apt-get install python3-torch).";

    [Fact]
    public void DigitsMlpRoundTripsThroughPyTorch() => RoundTrip(new DigitsMlp(seed: 3).Engine, new DigitsMlp(seed: 4).Engine);

    [Fact]
    public void EveryActivationRoundTripsThroughPyTorch() => RoundTrip(new ActivationZoo(seed: 3).Engine, new ActivationZoo(seed: 4).Engine);

    private static void RoundTrip(NetworkBase<float> net, NetworkBase<float> other)
    {
        using var dir = new TempDirectory();
        string spec = WriteSpec(net.Info, dir);
        float[] inputs = RandomInputs(net.Info.InputWidth, rows: 16, seed: 5);
        ExternalTool.WriteFloats(dir.File("inputs.f32"), inputs);

        // PyTorch -> ModelGen
        ExternalTool.Run(ExternalTool.Python, [Script, "export", spec, dir.Path], MissingTorch);
        PyTorchInterop.Import(net, dir.File("torch.safetensors"));
        ExternalTool.AssertClose(ExternalTool.ReadFloats(dir.File("torch_outputs.f32")), Predict(net, inputs), "ModelGen with PyTorch's weights");

        // ModelGen -> PyTorch
        PyTorchInterop.Export(net, dir.File("modelgen.safetensors"));
        ExternalTool.Run(ExternalTool.Python, [Script, "predict", spec, dir.Path], MissingTorch);
        ExternalTool.AssertClose(Predict(net, inputs), ExternalTool.ReadFloats(dir.File("torch_outputs_from_modelgen.f32")), "PyTorch with ModelGen's weights");

        // And back: the exported file imports into another model exactly.
        PyTorchInterop.Import(other, dir.File("modelgen.safetensors"));
        Assert.Equal(net.ParameterValues.ToArray(), other.ParameterValues.ToArray());
    }

    [Fact]
    public void SequentialNamesSkipActivationModulesAndTransposeWeights()
    {
        var names = PyTorchNames.Sequential(DigitsMlp.Info);
        TensorBinding[] bindings = names.Bindings(DigitsMlp.Info);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], bindings.Select(b => b.FileName));
        Assert.Equal([128, 64], bindings[0].FileShape);
        Assert.True(bindings[0].Transposed);
        Assert.Equal([128], bindings[1].FileShape);

        // ActivationZoo: every Dense but the last has an activation module after it.
        Assert.Equal(["0.weight", "2.weight", "4.weight", "6.weight", "8.weight", "10.weight", "12.weight", "14.weight", "16.weight"],
            PyTorchNames.Sequential(ActivationZoo.Info).Bindings(ActivationZoo.Info).Where(b => b.Transposed).Select(b => b.FileName));
    }

    [Fact]
    public void ExportedWeightsAreTransposedToOutByIn()
    {
        using var dir = new TempDirectory();
        var net = new DigitsMlp(seed: 8);
        net.ExportPyTorchStateDict(dir.File("t.safetensors"));
        using SafeTensorsFile file = SafeTensorsFile.Open(dir.File("t.safetensors"));
        var stored = new float[128 * 64];
        file.Read(file.Find("0.weight")!, stored.AsSpan());
        // PyTorch weight[o, i] multiplies input i into output o: ModelGen's Hidden.Weight[i, o].
        Assert.Equal(net.Engine.Parameter("Hidden.Weight")[5 * 128 + 17], stored[17 * 64 + 5]);
    }

    [Fact]
    public void UserGivenModuleNamesMapEachLayer()
    {
        using var dir = new TempDirectory();
        var names = PyTorchNames.FromModules(ReluNet.Info, new Dictionary<string, string> { ["H"] = "encoder.fc", ["Y"] = "head" });
        var net = new ReluNet(seed: 1);
        net.ExportPyTorchStateDict(dir.File("n.safetensors"), names);
        using (SafeTensorsFile file = SafeTensorsFile.Open(dir.File("n.safetensors")))
            Assert.Equal(["encoder.fc.weight", "encoder.fc.bias", "head.weight", "head.bias"], file.Tensors.Select(t => t.Name));
        var other = new ReluNet(seed: 2);
        other.ImportPyTorchStateDict(dir.File("n.safetensors"), names);
        Assert.Equal(net.Engine.ParameterValues.ToArray(), other.Engine.ParameterValues.ToArray());

        // Sequential names do not match this file: refused, naming the tensor.
        var error = Assert.Throws<CheckpointException>(() => other.ImportPyTorchStateDict(dir.File("n.safetensors")));
        Assert.Contains("'encoder.fc.weight' is not a parameter of ReluNet", error.Message);
        Assert.Throws<ArgumentException>(() => PyTorchNames.FromModules(ReluNet.Info, new Dictionary<string, string> { ["H"] = "fc" }));
    }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Shipping", "pytorch_interop.py");

    private static string WriteSpec(ModelInfo info, TempDirectory dir)
    {
        var layers = info.Layers.Skip(1).Select((l, i) => new Dictionary<string, object>
        {
            ["in"] = info.Layers[i].Width, ["out"] = l.Width, ["activation"] = l.Activation.ToString(), ["alpha"] = l.ActivationAlpha,
        }).ToList();
        string path = dir.File("spec.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["layers"] = layers }));
        return path;
    }

    internal static float[] RandomInputs(int width, int rows, int seed)
    {
        var rng = new Rng((ulong)seed);
        var values = new float[width * rows];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(2 * rng.NextGaussian());
        return values;
    }

    internal static float[] Predict(NetworkBase<float> net, float[] inputs)
    {
        int rows = inputs.Length / net.Info.InputWidth;
        var outputs = new float[rows * net.Info.OutputWidth];
        for (int r = 0; r < rows; r++)
            net.Predict(inputs.AsSpan(r * net.Info.InputWidth, net.Info.InputWidth), outputs.AsSpan(r * net.Info.OutputWidth, net.Info.OutputWidth));
        return outputs;
    }
}
