using ModelGen.Runtime;

namespace ModelGen.Cuda;

/// <summary>
/// A model's state on a device: the parameter, gradient and activation arenas, the batch, scratch
/// and optimizer state, allocated once and reused across steps (the batch buffers grow with the
/// largest batch seen). A step runs the program's forward, loss and backward kernels; the host
/// copies of the weights, gradients and activations are refreshed after each step, so everything
/// the CPU side offers (LayerOutput, ParameterValues, Predict, checkpoints) stays valid.
/// </summary>
public sealed class DeviceSession : IDisposable
{
    private readonly IKernelDevice _device;
    private readonly PtxProgram _program;
    private readonly ModelInfo _info;
    private readonly ulong _parameters, _gradients, _layerState;
    private ulong _activations, _inputs, _targets, _labels, _scratch, _state;
    private int _capacity;
    private Optimizer? _optimizer;

    public DeviceSession(IKernelDevice device, PtxProgram program, ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(info);
        _device = device;
        _program = program;
        _info = info;
        device.LoadModule(program.Module);
        _parameters = device.Allocate(4L * info.ParameterCount);
        _gradients = device.Allocate(4L * info.ParameterCount);
        _layerState = device.Allocate(4L * Math.Max(1, info.StateCount));
    }

    public IKernelDevice Device => _device;

    /// <summary>
    /// Uploads the weights and the batch, runs forward, loss and (with <paramref name="gradients"/>)
    /// backward, and copies the activations and gradients back. Returns the mean loss. Dropout kernels
    /// mix <paramref name="dropoutSeed"/> (<see cref="NetworkBase{T}.DropoutStepSeed"/>) with their layer
    /// index and drop only when <paramref name="training"/>. <paramref name="state"/> (the network's
    /// <see cref="NetworkBase{T}.StateValues"/>: batch-norm running and batch statistics) goes up
    /// before the step and comes back after it, updated when training.
    /// </summary>
    public float ComputeLoss(int batch, bool gradients, ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs,
        ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, Span<float> activations, Span<float> gradientValues, out int correct,
        ulong dropoutSeed = 0, bool training = false, Span<float> state = default)
    {
        EnsureCapacity(batch);
        _device.Upload(parameters, _parameters);
        if (!state.IsEmpty) _device.Upload<float>(state, _layerState);
        _device.Upload(inputs[..(batch * _info.InputWidth)], _inputs);
        if (_info.Loss == LossKind.SoftmaxCrossEntropy) _device.Upload(labels[..batch], _labels);
        else _device.Upload(targets[..(batch * _info.OutputWidth)], _targets);

        Span<KernelArgument> arguments = stackalloc KernelArgument[]
        {
            KernelArgument.Pointer(_parameters), KernelArgument.Pointer(_gradients), KernelArgument.Pointer(_activations),
            KernelArgument.Pointer(_inputs), KernelArgument.Pointer(_targets), KernelArgument.Pointer(_labels),
            KernelArgument.Pointer(_scratch), KernelArgument.UInt32((uint)batch),
            KernelArgument.UInt64(dropoutSeed), KernelArgument.UInt32(training ? 1u : 0u), KernelArgument.Pointer(_layerState),
        };
        Run(PtxPhase.Forward, batch, arguments);
        Run(PtxPhase.Loss, batch, arguments);
        if (gradients) Run(PtxPhase.Backward, batch, arguments);
        _device.Synchronize();

        Span<uint> totals = stackalloc uint[2];
        _device.Download(_scratch, totals);
        _device.Download(_activations, activations[..(batch * _info.ActivationWidth)]);
        if (gradients) _device.Download(_gradients, gradientValues[.._info.ParameterCount]);
        if (!state.IsEmpty) _device.Download(_layerState, state);
        correct = (int)totals[1];
        return BitConverter.UInt32BitsToSingle(totals[0]);
    }

    /// <summary>Update number <paramref name="step"/> with the program's optimizer kernel; copies the new weights back.</summary>
    public void ApplyOptimizer(Optimizer optimizer, long step, Span<float> parameters)
    {
        OptimizerLaunch launch = OptimizerLaunch.For(optimizer, step);
        if (!ReferenceEquals(optimizer, _optimizer))
        {
            _device.Free(_state);
            int length = Math.Max(1, optimizer.StateSlots) * _info.ParameterCount;
            _state = _device.Allocate(4L * length);
            _device.Upload<float>(new float[length], _state); // the state starts at zero, as on the CPU
            _optimizer = optimizer;
        }
        PtxLaunch shape = _program.Launches.FirstOrDefault(l => l.Kernel == launch.Kernel)
            ?? throw new InvalidOperationException($"The PTX program has no kernel {launch.Kernel}.");
        Span<KernelArgument> arguments = stackalloc KernelArgument[4 + OptimizerLaunch.HyperParameterCount];
        arguments[0] = KernelArgument.Pointer(_parameters);
        arguments[1] = KernelArgument.Pointer(_gradients);
        arguments[2] = KernelArgument.Pointer(_state);
        arguments[3] = KernelArgument.UInt32((uint)_info.ParameterCount);
        for (int i = 0; i < OptimizerLaunch.HyperParameterCount; i++) arguments[4 + i] = KernelArgument.Float(launch.HyperParameters[i]);
        _device.Launch(launch.Kernel, (shape.GridX.Blocks(0), shape.GridY.Blocks(0)), (shape.BlockX, shape.BlockY), arguments);
        _device.Synchronize();
        _device.Download(_parameters, parameters[.._info.ParameterCount]);
    }

    private void Run(PtxPhase phase, int batch, ReadOnlySpan<KernelArgument> arguments)
    {
        foreach (PtxLaunch launch in _program.Phase(phase))
            _device.Launch(launch.Kernel, (launch.GridX.Blocks(batch), launch.GridY.Blocks(batch)), (launch.BlockX, launch.BlockY), arguments);
    }

    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity) return;
        foreach (ulong buffer in new[] { _activations, _inputs, _targets, _labels, _scratch }) _device.Free(buffer);
        _activations = _device.Allocate(4L * batch * Math.Max(1, _info.ActivationWidth));
        _inputs = _device.Allocate(4L * batch * _info.InputWidth);
        _targets = _device.Allocate(4L * batch * _info.OutputWidth);
        _labels = _device.Allocate(4L * batch);
        _scratch = _device.Allocate(4L * PtxProgram.ScratchLength(batch));
        _capacity = batch;
    }

    public void Dispose()
    {
        foreach (ulong buffer in new[] { _parameters, _gradients, _activations, _inputs, _targets, _labels, _scratch, _state }) _device.Free(buffer);
        _device.Dispose();
    }
}
