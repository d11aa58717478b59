using ModelGen.Cuda;
using ModelGen.Ptx.Tests.Interpreter;
using ModelGen.Runtime;
using ModelGen.Tests.Models;

namespace ModelGen.Ptx.Tests.Device;

/// <summary>
/// The runtime's device path (UseDevice, DeviceSession: buffers reused across steps, the launch
/// table, optimizer state) driven through Fit and Evaluate, on the PTX interpreter instead of a GPU.
/// </summary>
public class DeviceTrainingTests
{
    [Fact]
    public void FitAndEvaluateOnTheDeviceFollowTheCpuRun()
    {
        var data = Data(rows: 70, features: 64, classes: 10, seed: 3);
        var cpu = new DigitsMlp(7);
        var gpu = new DigitsMlp(7);
        var device = new InterpreterDevice();
        gpu.Engine.UseDevice(device);
        Assert.Equal(ModelGen.Device.Cuda, gpu.Engine.ActiveDevice);

        // Batches of 32 over 70 rows: a ragged last batch of 6; two epochs, so the device buffers
        // are reused and the optimizer state persists across steps.
        TrainingHistory cpuHistory = cpu.Fit(data, epochs: 2, batchSize: 32, optimizer: new AdamW(1e-3f));
        TrainingHistory gpuHistory = gpu.Fit(data, epochs: 2, batchSize: 32, optimizer: new AdamW(1e-3f));
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.Equal(cpuHistory.Epochs[epoch].Loss, gpuHistory.Epochs[epoch].Loss, 1e-5 * Math.Abs(cpuHistory.Epochs[epoch].Loss));
            Assert.Equal(cpuHistory.Epochs[epoch].Accuracy, gpuHistory.Epochs[epoch].Accuracy);
        }
        float[] expected = cpu.Engine.ParameterValues.ToArray(), actual = gpu.Engine.ParameterValues.ToArray();
        double scale = expected.Max(v => Math.Abs(v)), worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
        Assert.True(worst <= 1e-5, $"weights after two epochs differ by {worst:E3} of their largest magnitude");

        Evaluation cpuEval = cpu.Evaluate(data), gpuEval = gpu.Evaluate(data);
        Assert.Equal(cpuEval.Loss, gpuEval.Loss, 1e-5 * cpuEval.Loss);
        Assert.Equal(cpuEval.Accuracy, gpuEval.Accuracy);
        Assert.Equal(cpu.Predict(data), gpu.Predict(data));
        Assert.True(device.Launches > 0);

        gpu.Engine.UseDevice(ModelGen.Device.Cpu);
        Assert.Equal(ModelGen.Device.Cpu, gpu.Engine.ActiveDevice);
    }

    [Fact]
    public void RegressionModelsTrainOnTheDeviceToo()
    {
        var random = new Random(5);
        var features = Enumerable.Range(0, 40 * 10).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var targets = Enumerable.Range(0, 40).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var data = Dataset.ForTargets(features, 10, targets, 1);
        var cpu = new DiabetesNet(1);
        var gpu = new DiabetesNet(1);
        gpu.Engine.UseDevice(new InterpreterDevice());
        double cpuLoss = cpu.Fit(data, 2, 16, new Momentum(0.01f)).Epochs[^1].Loss;
        double gpuLoss = gpu.Fit(data, 2, 16, new Momentum(0.01f)).Epochs[^1].Loss;
        Assert.Equal(cpuLoss, gpuLoss, 1e-5 * cpuLoss);
    }

    /// <summary>
    /// Batch normalization and dropout through UseDevice: the step's dropout seed and training flag
    /// reach the kernels, and the running statistics go up and come back with every step, so the CPU
    /// and the device train, evaluate and predict alike.
    /// </summary>
    [Fact]
    public void BatchNormAndDropoutModelsFollowTheCpuRunThroughTheDevice()
    {
        var data = Data(rows: 45, features: 5, classes: 3, seed: 4);
        var cpu = new BatchNormNet(2);
        var gpu = new BatchNormNet(2);
        gpu.Engine.UseDevice(new InterpreterDevice());
        // Not Adam: the bias before a batch norm has a gradient of pure rounding noise, which Adam's
        // normalization would turn into full-size steps that differ between the backends.
        TrainingHistory cpuHistory = cpu.Fit(data, epochs: 2, batchSize: 16, optimizer: new Momentum(0.05f, 0.9f));
        TrainingHistory gpuHistory = gpu.Fit(data, epochs: 2, batchSize: 16, optimizer: new Momentum(0.05f, 0.9f));
        for (int epoch = 0; epoch < 2; epoch++)
            Assert.Equal(cpuHistory.Epochs[epoch].Loss, gpuHistory.Epochs[epoch].Loss, 1e-5 * Math.Abs(cpuHistory.Epochs[epoch].Loss));
        float[] expected = cpu.Engine.StateValues.ToArray(), actual = gpu.Engine.StateValues.ToArray();
        Assert.Contains(expected, v => v != 0 && v != 1);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])));
        Evaluation cpuEval = cpu.Evaluate(data), gpuEval = gpu.Evaluate(data);
        Assert.Equal(cpuEval.Loss, gpuEval.Loss, 1e-5 * cpuEval.Loss);
        Assert.Equal(cpuEval.Accuracy, gpuEval.Accuracy);
    }

    /// <summary>
    /// Token ids through an embedding and causal attention, and a [Loss] method's expression loss,
    /// trained and evaluated through UseDevice like on the CPU.
    /// </summary>
    [Fact]
    public void AttentionAndExpressionLossModelsFollowTheCpuRunThroughTheDevice()
    {
        var random = new Random(6);
        var tokens = Dataset.ForClassification(
            Enumerable.Range(0, 37 * 5).Select(_ => (float)random.Next(11)).ToArray(), 5,
            Enumerable.Range(0, 37).Select(_ => random.Next(3)).ToArray());
        var cpu = new ModelGen.Ptx.Tests.AttentionNet(3);
        var gpu = new ModelGen.Ptx.Tests.AttentionNet(3);
        gpu.Engine.UseDevice(new InterpreterDevice());
        // Not Adam: the key bias's gradient is rounding noise (softmax ignores shifted scores).
        double cpuLoss = cpu.Fit(tokens, 2, 16, new Momentum(0.05f, 0.9f)).Epochs[^1].Loss;
        double gpuLoss = gpu.Fit(tokens, 2, 16, new Momentum(0.05f, 0.9f)).Epochs[^1].Loss;
        Assert.Equal(cpuLoss, gpuLoss, 1e-5 * cpuLoss);
        Assert.Equal(cpu.Evaluate(tokens).Accuracy, gpu.Evaluate(tokens).Accuracy);

        var features = Enumerable.Range(0, 30 * 5).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var targets = Enumerable.Range(0, 30 * 3).Select(_ => (float)random.NextDouble()).ToArray();
        var regression = Dataset.ForTargets(features, 5, targets, 3);
        var cpuExpression = new ModelGen.Ptx.Tests.SquaredErrorExpressionNet(4);
        var gpuExpression = new ModelGen.Ptx.Tests.SquaredErrorExpressionNet(4);
        gpuExpression.Engine.UseDevice(new InterpreterDevice());
        cpuLoss = cpuExpression.Fit(regression, 2, 8, new Adam(1e-2f)).Epochs[^1].Loss;
        gpuLoss = gpuExpression.Fit(regression, 2, 8, new Adam(1e-2f)).Epochs[^1].Loss;
        Assert.Equal(cpuLoss, gpuLoss, 1e-5 * cpuLoss);
    }

    [Fact]
    public void Float64NetworksStayOnTheCpu()
    {
        var net = new ReluNet(1).ToFloat64();
        var error = Assert.Throws<NotSupportedException>(() => net.UseDevice(new InterpreterDevice()));
        Assert.Contains("float32", error.Message);
    }

    private static Dataset Data(int rows, int features, int classes, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, rows * features).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        return Dataset.ForClassification(x, features, labels);
    }
}
