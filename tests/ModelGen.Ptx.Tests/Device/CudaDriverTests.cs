using ModelGen.Cuda;
using ModelGen.Tests.Models;

namespace ModelGen.Ptx.Tests.Device;

/// <summary>A test that needs an NVIDIA GPU and its driver; skipped, with the reason, where libcuda is absent.</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    public GpuFactAttribute()
    {
        if (!CudaDevice.IsUsable(out string? reason)) Skip = $"needs a GPU: {reason}";
    }
}

public class CudaDriverTests
{
    [Fact]
    public void WithoutTheDriverTheGpuRequestFailsWithAMessageNamingLibcuda()
    {
        if (CudaDevice.IsDriverAvailable(out _)) return; // covered by the GPU tests below on such machines
        var model = new DigitsMlp(1);
        var error = Assert.Throws<CudaUnavailableException>(() => model.UseDevice(ModelGen.Device.Cuda));
        Assert.Equal("no CUDA driver: libcuda.so.1 was not found; install the NVIDIA driver or use Device.Cpu", error.Message);
        // The model is untouched and keeps working on the CPU.
        Assert.Equal(ModelGen.Device.Cpu, model.Engine.ActiveDevice);
        Assert.InRange(model.Predict(new float[64]), 0, 9);
    }

    [GpuFact]
    public void TrainingOnTheGpuMatchesTheCpu()
    {
        var random = new Random(2);
        var data = ModelGen.Runtime.Dataset.ForClassification(
            Enumerable.Range(0, 100 * 64).Select(_ => (float)random.NextDouble()).ToArray(), 64,
            Enumerable.Range(0, 100).Select(_ => random.Next(10)).ToArray());
        var cpu = new DigitsMlp(3);
        var gpu = new DigitsMlp(3);
        gpu.UseDevice(ModelGen.Device.Cuda);
        double cpuLoss = cpu.Fit(data, 2, 32, new AdamW(1e-3f)).Epochs[^1].Loss;
        double gpuLoss = gpu.Fit(data, 2, 32, new AdamW(1e-3f)).Epochs[^1].Loss;
        // The GPU's ex2.approx is within 2 ulp of the interpreter's exact evaluation.
        Assert.Equal(cpuLoss, gpuLoss, 1e-4 * cpuLoss);
    }

    [GpuFact]
    public void DriverErrorsNameTheCallAndTheError()
    {
        using var device = new CudaDevice();
        var error = Assert.Throws<CudaException>(() => device.LoadModule(".version 7.8\n.target sm_80\n.address_size 64\nnot ptx"));
        Assert.Contains("cuModuleLoadData", error.Message);
    }
}
