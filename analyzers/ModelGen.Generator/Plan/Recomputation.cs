using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Plan;

/// <summary>
/// Activation checkpointing: the forward ops of a [Checkpoint] layer run again right before the
/// first backward op that needs one of the layer's intermediate values. The backward ops read the
/// recomputed copies, so the originals die at the end of the forward pass and the planner can reuse
/// their memory; only the layer's input and output stay alive across the step.
/// </summary>
internal static class Recomputation
{
    public static void Apply(Graph graph)
    {
        foreach (CheckpointedLayer layer in graph.Checkpoints)
        {
            // A layer's ops carry its name, or its name and a part ("Attend.Query" for a projection).
            List<Op> forward = graph.Ops.Where(o => !o.IsBackward && o.Kind != OpKind.LossForwardBackward
                && (o.Layer == layer.Name || o.Layer.StartsWith(layer.Name + ".", System.StringComparison.Ordinal))).ToList();
            var intermediate = new HashSet<Value>(forward.SelectMany(o => o.Outputs).Where(v => v != layer.Output && v.Kind == ValueKind.Activation));
            int firstReader = graph.Ops.FindIndex(o => o.IsBackward && o.Inputs.Any(intermediate.Contains));
            if (firstReader < 0) continue;

            var copies = intermediate.ToDictionary(v => v, v => graph.Add(v.Name + ".Recomputed", ValueKind.Activation, -1, v.Columns));
            IReadOnlyList<Value> Map(IReadOnlyList<Value> values) => values.Select(v => copies.TryGetValue(v, out Value? c) ? c : v).ToArray();
            // The clone rewrites the layer's output with the same bits (the kernels are deterministic).
            var clones = forward.Select(o => o with { Inputs = Map(o.Inputs), Outputs = Map(o.Outputs), Recompute = true }).ToList();
            for (int i = firstReader; i < graph.Ops.Count; i++)
            {
                Op op = graph.Ops[i];
                if (op.IsBackward && op.Inputs.Any(intermediate.Contains)) graph.Ops[i] = op with { Inputs = Map(op.Inputs) };
            }
            graph.Ops.InsertRange(firstReader, clones);
        }
    }
}
