using System.Runtime.CompilerServices;
using ModelGen.Cuda;

namespace ModelGen.Runtime;

/// <summary>Device selection: the same model trains and evaluates through its generated PTX kernels on a GPU.</summary>
public abstract unsafe partial class NetworkBase<T>
{
    private DeviceSession? _deviceSession;

    /// <summary>The generated model's PTX program; null for networks without one.</summary>
    protected virtual PtxProgram? DeviceProgram => null;

    /// <summary>Where <see cref="ComputeLoss"/> and <see cref="ApplyOptimizer"/> run.</summary>
    public Device ActiveDevice => _deviceSession is null ? Device.Cpu : Device.Cuda;

    /// <summary>
    /// Selects where training and evaluation run. <see cref="Device.Cuda"/> opens GPU 0 through the
    /// CUDA driver and throws <see cref="CudaUnavailableException"/> ("no CUDA driver: libcuda.so.1
    /// was not found; …") when the driver or a GPU is missing; the model then stays on the CPU.
    /// </summary>
    public void UseDevice(Device device)
    {
        if (device == Device.Cpu)
        {
            _deviceSession?.Dispose();
            _deviceSession = null;
            return;
        }
        RequireFloatProgram();
        UseDevice(new CudaDevice());
    }

    /// <summary>Runs this network's PTX program on the given device (a GPU, or a test double such as a PTX interpreter).</summary>
    public void UseDevice(IKernelDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        PtxProgram program = RequireFloatProgram();
        var session = new DeviceSession(device, program, Info);
        _deviceSession?.Dispose();
        _deviceSession = session;
    }

    private PtxProgram RequireFloatProgram()
    {
        if (typeof(T) != typeof(float))
            throw new NotSupportedException($"The GPU path runs float32 networks; this one is {typeof(T).Name} (use it on Device.Cpu).");
        return DeviceProgram ?? throw new NotSupportedException($"{Info.Name} has no generated PTX program.");
    }

    /// <summary>The device step of <see cref="ComputeLoss"/>; false when the CPU runs.</summary>
    private bool TryComputeLossOnDevice(int batch, bool gradients, out T loss, out int correct)
    {
        if (_deviceSession is not { } session)
        {
            loss = default; correct = 0;
            return false;
        }
        float value = session.ComputeLoss(batch, gradients, Floats(_parameters), Floats(_inputs), _labels, Floats(_targets),
            Floats(_activations), Floats(_gradients), out correct, DropoutStepSeed, TrainsWhenComputing(gradients),
            Floats(_state)[..Info.StateCount]);
        loss = T.CreateTruncating(value);
        return true;
    }

    /// <summary>The device step of <see cref="ApplyOptimizer"/>; false when the CPU runs.</summary>
    private bool TryApplyOptimizerOnDevice(Optimizer optimizer, long step)
    {
        if (_deviceSession is not { } session) return false;
        session.ApplyOptimizer(optimizer, step, Floats(_parameters));
        return true;
    }

    // Only reached for T = float (RequireFloatProgram).
    private static Span<float> Floats(T[] values) => Unsafe.As<float[]>(values);
}
