using ModelGen.Interop.Onnx;
using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.Shipping;

/// <summary>
/// The exported ONNX graph runs in ONNX Runtime (onnxruntime-node, CPU) and gives ModelGen's outputs.
/// Without node or onnxruntime-node these tests fail: scripts/test-dependencies.sh installs it.
/// </summary>
public class OnnxExportTests
{
    private const string MissingRuntime = "The ONNX tests need node and onnxruntime-node: run scripts/test-dependencies.sh (npm install --ignore-scripts onnxruntime-node@1.30.0).";

    [Fact]
    public void TrainedDigitsModelAgreesWithOnnxRuntime()
    {
        var (train, test) = TestData.Digits();
        var net = new DigitsMlp(seed: 42);
        net.Fit(train, epochs: 5, batchSize: 64, optimizer: new AdamW(1e-3f));
        var features = new float[test.Count * 64];
        for (int i = 0; i < test.Count; i++) test.Row(i).CopyTo(features.AsSpan(i * 64));

        float[] onnx = RunInOnnxRuntime(net.Engine, features, out string names);
        Assert.Contains("\"inputs\":[\"Pixels\"]", names);
        Assert.Contains("\"outputs\":[\"Logits\"]", names);
        ExternalTool.AssertClose(PyTorchInteropTests.Predict(net.Engine, features), onnx, "ONNX Runtime vs ModelGen logits");
        // Same classes for every test digit.
        for (int i = 0; i < test.Count; i++)
            Assert.Equal(net.Predict(test.Row(i)), ArgMax(onnx.AsSpan(i * 10, 10)));
    }

    [Fact]
    public void EveryActivationAgreesWithOnnxRuntime()
    {
        var net = new ActivationZoo(seed: 9);
        float[] inputs = PyTorchInteropTests.RandomInputs(ActivationZoo.Info.InputWidth, rows: 32, seed: 4);
        ExternalTool.AssertClose(PyTorchInteropTests.Predict(net.Engine, inputs), RunInOnnxRuntime(net.Engine, inputs, out _), "ONNX Runtime vs ModelGen (every activation)");
    }

    [Fact]
    public void RegressionOutputsAgreeWithOnnxRuntime()
    {
        var net = new MseNet(seed: 2);
        float[] inputs = PyTorchInteropTests.RandomInputs(MseNet.Info.InputWidth, rows: 8, seed: 6);
        ExternalTool.AssertClose(PyTorchInteropTests.Predict(net.Engine, inputs), RunInOnnxRuntime(net.Engine, inputs, out _), "ONNX Runtime vs ModelGen (regression)");
    }

    [Fact]
    public void TheFileIsAnOpset17ModelProto()
    {
        byte[] bytes = OnnxExport.ToBytes(new ReluNet(seed: 1).Engine);
        // Field 1 (ir_version, varint) = 8 comes first; the opset import names version 17.
        Assert.Equal(new byte[] { 0x08, 0x08 }, bytes[..2]);
        Assert.Equal(new byte[] { 0x42, 0x04, 0x0A, 0x00, 0x10, 0x11 }, bytes[^6..]);
    }

    private static float[] RunInOnnxRuntime(NetworkBase<float> net, float[] inputs, out string names)
    {
        using var dir = new TempDirectory();
        OnnxExport.Export(net, dir.File("model.onnx"));
        ExternalTool.WriteFloats(dir.File("inputs.f32"), inputs);
        int rows = inputs.Length / net.Info.InputWidth;
        string script = Path.Combine(AppContext.BaseDirectory, "Shipping", "run_onnx.js");
        names = ExternalTool.Run("node", [script, dir.File("model.onnx"), dir.File("inputs.f32"), rows.ToString(), net.Info.InputWidth.ToString(), dir.File("outputs.f32")], MissingRuntime);
        return ExternalTool.ReadFloats(dir.File("outputs.f32"));
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
