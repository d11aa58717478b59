namespace ModelGen.Cuda;

/// <summary>What a generated kernel does; elementwise and reduction kernels are held to "no register spills".</summary>
public enum PtxKernelKind { MatrixProduct, Elementwise, Reduction, Loss, Optimizer }

/// <summary>When a kernel runs in a training step.</summary>
public enum PtxPhase { Forward, Loss, Backward, Optimizer }

/// <summary>A grid extent as a function of the batch: ceil((PerBatch·batch + Fixed) / Divisor), at least 1.</summary>
public readonly record struct PtxExtent(int PerBatch, int Fixed, int Divisor)
{
    public int Blocks(int batch) => (int)Math.Max(1, ((long)PerBatch * batch + Fixed + Divisor - 1) / Divisor);
}

/// <summary>One kernel of a generated module and its launch shape.</summary>
public sealed record PtxLaunch(string Kernel, PtxKernelKind Kind, PtxPhase Phase, int BlockX, int BlockY, PtxExtent GridX, PtxExtent GridY);

/// <summary>
/// A model's CUDA kernels as generated PTX text plus its launch table (model kernels in schedule
/// order, then the optimizer kernels). Model kernels take (parameters, gradients, activations,
/// inputs, targets, labels, scratch: device pointers; batch: u32; seed: u64, the step's dropout seed
/// (<see cref="Runtime.NetworkBase{T}.DropoutStepSeed"/>); training: u32, 1 when dropout drops and
/// batch normalization uses batch statistics; state: device pointer to the batch-norm statistics in
/// the layout of <see cref="Runtime.ModelInfo.States"/>). Optimizer kernels take
/// (parameters, gradients, state, count, h0..h6); see <see cref="OptimizerLaunch"/>.
/// </summary>
public sealed class PtxProgram
{
    public PtxProgram(string module, IReadOnlyList<PtxLaunch> launches)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(launches);
        Module = module;
        Launches = launches;
    }

    /// <summary>The PTX source (ISA 7.8, sm_80; assembles for later targets too).</summary>
    public string Module { get; }

    public IReadOnlyList<PtxLaunch> Launches { get; }

    /// <summary>The model kernels of one phase, in order.</summary>
    public IEnumerable<PtxLaunch> Phase(PtxPhase phase) => Launches.Where(l => l.Phase == phase);

    /// <summary>
    /// Scratch floats a step needs: [0] mean loss, [1] correct count (as u32 bits), then a loss and a
    /// correct count per row.
    /// </summary>
    public static int ScratchLength(int batch) => 2 + 2 * batch;
}
