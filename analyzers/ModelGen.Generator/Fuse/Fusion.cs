using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Fuse;

/// <summary>
/// Rewrites op sequences into fused kernels:
/// matmul → bias → activation becomes one matrix product whose epilogue adds the bias and applies
/// the activation while the tile is in cache; the loss and its gradient become one pass over the logits.
/// </summary>
internal static class Fusion
{
    public static void Fuse(Graph graph)
    {
        FuseDenseEpilogues(graph);
        FuseLossWithGradient(graph);
    }

    private static void FuseDenseEpilogues(Graph graph)
    {
        var ops = graph.Ops;
        for (int i = 0; i < ops.Count; i++)
        {
            Op matmul = ops[i];
            if (matmul.Kind != OpKind.MatMul) continue;
            Op? bias = SoleConsumer(ops, matmul.Output, OpKind.AddBias);
            if (bias is null) continue;
            Op? activation = SoleForwardConsumer(ops, bias.Output, OpKind.Activate);
            Value preActivation = bias.Output;
            Value output = activation?.Output ?? preActivation;
            var fused = new Op(OpKind.DenseForward, new[] { matmul.Inputs[0], matmul.Inputs[1], bias.Inputs[1] }, new[] { preActivation, output })
            {
                Layer = matmul.Layer,
                Activation = activation?.Activation ?? Check.Activation.Identity,
                Alpha = activation?.Alpha ?? 0,
                RowsPerSample = matmul.RowsPerSample,
            };
            ops[i] = fused;
            ops.Remove(bias);
            if (activation is not null) ops.Remove(activation);
        }
    }

    private static void FuseLossWithGradient(Graph graph)
    {
        var ops = graph.Ops;
        int lossIndex = ops.FindIndex(o => o.Kind == OpKind.Loss);
        int gradientIndex = ops.FindIndex(o => o.Kind == OpKind.LossGradient);
        if (lossIndex < 0 || gradientIndex < 0) return;
        Op loss = ops[lossIndex], gradient = ops[gradientIndex];
        ops[lossIndex] = new Op(OpKind.LossForwardBackward, loss.Inputs, new[] { loss.Output, gradient.Output })
        {
            Layer = loss.Layer,
            Loss = loss.Loss,
            LossParameter = loss.LossParameter,
        };
        ops.RemoveAt(gradientIndex);
    }

    /// <summary>The op of the given kind that is the only reader of <paramref name="value"/>, if any.</summary>
    private static Op? SoleConsumer(List<Op> ops, Value value, OpKind kind)
    {
        var readers = ops.Where(o => o.Inputs.Contains(value)).ToList();
        return readers.Count == 1 && readers[0].Kind == kind ? readers[0] : null;
    }

    /// <summary>
    /// The forward op of the given kind reading <paramref name="value"/>; backward ops may read it too
    /// (an activation's derivative reads its input), since the fused kernel still writes the value.
    /// </summary>
    private static Op? SoleForwardConsumer(List<Op> ops, Value value, OpKind kind)
    {
        var readers = ops.Where(o => !o.IsBackward && o.Inputs.Contains(value)).ToList();
        return readers.Count == 1 && readers[0].Kind == kind ? readers[0] : null;
    }
}
