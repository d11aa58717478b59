using ModelGen.Cuda;
using ModelGen.Runtime;

namespace ModelGen.Ptx.Tests.Interpreter;

/// <summary>
/// A training step of a generated model run through its PTX kernels in the interpreter, with the
/// buffers the CUDA runtime would own on the device: the arenas, the batch, scratch and optimizer state.
/// </summary>
internal sealed class PtxTrainingStep
{
    private readonly PtxProgram _program;
    private readonly ModelInfo _info;
    private readonly ulong _parameters, _gradients, _activations, _inputs, _targets, _labels, _scratch, _layerState;
    private ulong _state;
    private Optimizer? _optimizer;
    private long _step;

    public PtxTrainingStep(PtxProgram program, ModelInfo info, int batch, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state = default)
    {
        _program = program;
        _info = info;
        Batch = batch;
        Memory = new GlobalMemory();
        Interpreter = new PtxInterpreter(program.Module, Memory);
        _parameters = Memory.Upload(parameters);
        _gradients = Memory.Allocate(info.ParameterCount * 4);
        _activations = Memory.Allocate(batch * info.ActivationWidth * 4);
        _inputs = Memory.Allocate(batch * info.InputWidth * 4);
        _targets = Memory.Allocate(batch * info.OutputWidth * 4);
        _labels = Memory.Allocate(batch * 4);
        _scratch = Memory.Allocate(PtxProgram.ScratchLength(batch) * 4);
        _layerState = Memory.Allocate(Math.Max(1, info.StateCount) * 4);
        if (!state.IsEmpty) Copy(state.ToArray(), _layerState);
    }

    public int Batch { get; }
    public GlobalMemory Memory { get; }
    public PtxInterpreter Interpreter { get; }
    public HashSet<string> KernelsRun { get; } = new(StringComparer.Ordinal);

    public void Load(float[] inputs, int[]? labels, float[]? targets)
    {
        Copy(inputs, _inputs);
        if (labels is not null) for (int i = 0; i < labels.Length; i++) Memory.Write32(_labels + (ulong)(4 * i), (uint)labels[i]);
        if (targets is not null) Copy(targets, _targets);
    }

    private void Copy(float[] values, ulong address)
    {
        for (int i = 0; i < values.Length; i++) Memory.Write32(address + (ulong)(4 * i), BitConverter.SingleToUInt32Bits(values[i]));
    }

    /// <summary>
    /// Forward, loss (with its reduction) and backward kernels, in the launch table's order; dropout
    /// uses <paramref name="dropoutSeed"/> (the CPU network's <see cref="NetworkBase{T}.DropoutStepSeed"/>).
    /// </summary>
    public void ComputeLoss(ulong dropoutSeed = 0, bool training = true)
    {
        foreach (PtxPhase phase in new[] { PtxPhase.Forward, PtxPhase.Loss, PtxPhase.Backward })
        {
            foreach (PtxLaunch launch in _program.Phase(phase))
            {
                Interpreter.Launch(launch.Kernel, (launch.GridX.Blocks(Batch), launch.GridY.Blocks(Batch)), (launch.BlockX, launch.BlockY),
                    _parameters, _gradients, _activations, _inputs, _targets, _labels, _scratch, (uint)Batch, dropoutSeed, training ? 1u : 0u, _layerState);
                KernelsRun.Add(launch.Kernel);
            }
        }
    }

    public float Loss => BitConverter.UInt32BitsToSingle(Memory.Read32(_scratch));
    public int Correct => (int)Memory.Read32(_scratch + 4);

    public void ApplyOptimizer(Optimizer optimizer)
    {
        if (!ReferenceEquals(optimizer, _optimizer))
        {
            _optimizer = optimizer;
            _state = Memory.Allocate(Math.Max(1, optimizer.StateSlots) * _info.ParameterCount * 4);
            _step = 0;
        }
        _step++;
        OptimizerLaunch launch = OptimizerLaunch.For(optimizer, _step);
        PtxLaunch table = _program.Launches.Single(l => l.Kernel == launch.Kernel);
        var arguments = new List<object> { _parameters, _gradients, _state, (uint)_info.ParameterCount };
        arguments.AddRange(launch.HyperParameters.Select(h => (object)h));
        Interpreter.Launch(launch.Kernel, (table.GridX.Blocks(Batch), table.GridY.Blocks(Batch)), (table.BlockX, table.BlockY), arguments.ToArray());
        KernelsRun.Add(launch.Kernel);
    }

    public float[] Parameters => Memory.DownloadFloats(_parameters, _info.ParameterCount);
    public float[] Gradients => Memory.DownloadFloats(_gradients, _info.ParameterCount);
    /// <summary>The batch-norm statistics (running and batch), in the layout of <see cref="ModelInfo.States"/>.</summary>
    public float[] State => Memory.DownloadFloats(_layerState, _info.StateCount);

    /// <summary>The values of layer <paramref name="index"/> (1 = first dense layer) for the batch.</summary>
    public float[] LayerOutput(int index)
    {
        LayerInfo layer = _info.Layers[index];
        return Memory.DownloadFloats(_activations + (ulong)(4L * Batch * layer.ColumnOffset), Batch * layer.Width);
    }
}
