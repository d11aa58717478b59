using System.Collections.Generic;

namespace ModelGen.Generator.EmitPtx;

/// <summary>What a kernel does, for reports and for the spill policy (elementwise and reduction kernels must not spill).</summary>
internal enum PtxKernelKind { MatrixProduct, Elementwise, Reduction, Loss, Optimizer }

/// <summary>When a model kernel runs in a training step.</summary>
internal enum PtxPhase { Forward, Loss, Backward, Optimizer }

/// <summary>A grid extent as a function of the batch: ceil((PerBatch·batch + Fixed) / Divisor), at least 1.</summary>
internal readonly struct PtxExtent
{
    public PtxExtent(int perBatch, int @fixed, int divisor)
    {
        PerBatch = perBatch; Fixed = @fixed; Divisor = divisor;
    }

    public int PerBatch { get; }
    public int Fixed { get; }
    public int Divisor { get; }

    public static PtxExtent One => new(0, 1, 1);

    /// <summary>Blocks covering <paramref name="count"/> items, <paramref name="perBlock"/> per block; count is static or batch-sized.</summary>
    public static PtxExtent Cover(bool batchSized, int count, int perBlock) =>
        batchSized ? new PtxExtent(count, 0, perBlock) : new PtxExtent(0, count, perBlock);
}

/// <summary>One emitted kernel: its text and how to launch it.</summary>
internal sealed class PtxKernel
{
    public PtxKernel(string name, PtxKernelKind kind, PtxPhase phase, int blockX, int blockY, PtxExtent gridX, PtxExtent gridY, string text)
    {
        Name = name; Kind = kind; Phase = phase; BlockX = blockX; BlockY = blockY; GridX = gridX; GridY = gridY; Text = text;
    }

    public string Name { get; }
    public PtxKernelKind Kind { get; }
    public PtxPhase Phase { get; }
    public int BlockX { get; }
    public int BlockY { get; }
    public PtxExtent GridX { get; }
    public PtxExtent GridY { get; }
    public string Text { get; }
}

/// <summary>The PTX module of one model: its text and the kernels in launch order.</summary>
internal sealed class PtxModule
{
    public PtxModule(string text, IReadOnlyList<PtxKernel> kernels)
    {
        Text = text; Kernels = kernels;
    }

    public string Text { get; }
    public IReadOnlyList<PtxKernel> Kernels { get; }
}
