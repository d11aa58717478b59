using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Check;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Plan;

/// <summary>
/// Lays out the parameter arena (tensors aligned to 64 bytes) and packs the per-sample buffers into
/// one activation arena by liveness: a buffer's columns are reused once its last reader has run.
/// </summary>
internal static class Planner
{
    /// <summary>Tensors start on a multiple of 16 elements: 64 bytes for float, a cache line.</summary>
    private const int Alignment = 16;

    public static KernelPlan Plan(ModelDefinition model, Graph graph)
    {
        var plan = new KernelPlan(model, graph);
        LayOutParameters(plan);
        LayOutStates(plan);
        Schedule(plan);
        PlaceActivations(plan);
        return plan;
    }

    private static void LayOutParameters(KernelPlan plan)
    {
        int offset = 0;
        foreach (Value parameter in plan.Graph.Parameters)
        {
            bool isBias = parameter.Name.EndsWith(".Bias", System.StringComparison.Ordinal);
            string layer = parameter.Name.Substring(0, parameter.Name.LastIndexOf('.'));
            var slot = new ParameterSlot(parameter.Name, layer, isBias, offset, parameter.Rows, parameter.Columns);
            plan.Parameters.Add(slot);
            plan.ParameterOf[parameter] = slot;
            offset += (slot.Length + Alignment - 1) / Alignment * Alignment;
        }
        plan.ParameterCount = offset;
        foreach (Value value in plan.Graph.Values)
        {
            if (value.GradientOf is { } parameter) plan.ParameterOf[value] = plan.ParameterOf[parameter];
        }
    }

    /// <summary>Non-trainable tensors get their own arena so the optimizer never touches them.</summary>
    private static void LayOutStates(KernelPlan plan)
    {
        int offset = 0;
        foreach (Value state in plan.Graph.States)
        {
            plan.StateOffset[state] = offset;
            offset += (state.Columns + Alignment - 1) / Alignment * Alignment;
        }
        plan.StateCount = offset;
    }

    private static void Schedule(KernelPlan plan)
    {
        bool afterLoss = false;
        foreach (Op op in plan.Graph.Ops)
        {
            if (op.Kind == OpKind.LossForwardBackward) { plan.Loss = op; afterLoss = true; continue; }
            (afterLoss || op.Recompute ? plan.Backward : plan.Forward).Add(op);
            if (op.Kind == OpKind.DenseForward && op.Outputs[0] != op.Outputs[1] && ActivationTable.NeedsPreActivation(op.Activation))
                plan.StoresPreActivation.Add(op);
        }
    }

    private static void PlaceActivations(KernelPlan plan)
    {
        List<Op> order = plan.Forward.Concat(new[] { plan.Loss }).Concat(plan.Backward).ToList();
        var lastUse = new Dictionary<Value, int>();
        for (int i = 0; i < order.Count; i++)
        {
            foreach (Value input in ReadValues(plan, order[i])) lastUse[input] = i;
        }

        var live = new List<(Value Value, int Offset, int Width)>();
        for (int i = 0; i < order.Count; i++)
        {
            Op op = order[i];
            foreach (Value output in WrittenValues(plan, op))
            {
                // A recomputed op rewrites its layer's kept output in place.
                if (plan.ColumnOffset.ContainsKey(output)) continue;
                plan.UnsharedActivationWidth += output.Columns;
                int? inPlace = InPlaceCandidate(op, output, lastUse, i, live);
                int offset = inPlace ?? FirstFit(live, output.Columns);
                if (inPlace is null) live.Add((output, offset, output.Columns));
                plan.ColumnOffset[output] = offset;
                plan.ActivationWidth = System.Math.Max(plan.ActivationWidth, offset + output.Columns);
            }
            live.RemoveAll(entry => !entry.Value.KeepAlive && (!lastUse.TryGetValue(entry.Value, out int last) || last <= i)
                && !IsOutputOf(op, entry.Value, lastUse, i));
        }
    }

    /// <summary>An elementwise gradient may overwrite its incoming gradient when nothing reads that afterwards.</summary>
    private static int? InPlaceCandidate(Op op, Value output, Dictionary<Value, int> lastUse, int index, List<(Value Value, int Offset, int Width)> live)
    {
        if (op.Kind != OpKind.ActivateGradient) return null;
        Value incoming = op.Inputs[0];
        if (incoming.KeepAlive || !lastUse.TryGetValue(incoming, out int last) || last != index) return null;
        int slot = live.FindIndex(e => e.Value == incoming);
        if (slot < 0 || live[slot].Width != output.Columns) return null;
        live[slot] = (output, live[slot].Offset, output.Columns);
        return live[slot].Offset;
    }

    private static bool IsOutputOf(Op op, Value value, Dictionary<Value, int> lastUse, int index) =>
        op.Outputs.Contains(value) && lastUse.TryGetValue(value, out int last) && last > index;

    private static int FirstFit(List<(Value Value, int Offset, int Width)> live, int width)
    {
        int candidate = 0;
        foreach (var entry in live.OrderBy(e => e.Offset))
        {
            if (entry.Offset - candidate >= width) break;
            candidate = System.Math.Max(candidate, entry.Offset + entry.Width);
        }
        return candidate;
    }

    /// <summary>Per-sample values an op reads from the activation arena.</summary>
    public static IEnumerable<Value> ReadValues(KernelPlan plan, Op op)
    {
        foreach (Value input in op.Inputs)
        {
            if (input.Kind != ValueKind.Activation) continue;
            // An activation's derivative reads either its pre-activation or its output, not both.
            if (op.Kind == OpKind.ActivateGradient && input == op.Inputs[1] && !ActivationTable.NeedsPreActivation(op.Activation)) continue;
            if (op.Kind == OpKind.ActivateGradient && input == op.Inputs[2] && ActivationTable.NeedsPreActivation(op.Activation)) continue;
            yield return input;
        }
    }

    /// <summary>Per-sample values an op writes; a dense op without a stored pre-activation writes only its output.</summary>
    public static IEnumerable<Value> WrittenValues(KernelPlan plan, Op op)
    {
        for (int i = 0; i < op.Outputs.Count; i++)
        {
            Value output = op.Outputs[i];
            if (output.Kind != ValueKind.Activation) continue;
            if (op.Kind == OpKind.DenseForward && i == 0 && op.Outputs[1] != output && !plan.StoresPreActivation.Contains(op)) continue;
            if (op.Kind == OpKind.DenseForward && i == 1 && op.Outputs[0] == output) continue;
            yield return output;
        }
    }
}
