using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Differentiate;

/// <summary>
/// Reverse-mode differentiation on the IR: walks the forward ops backwards and lets each op's
/// vector-Jacobian rule append the ops that compute its inputs' gradients. Only gradients that lead
/// to a parameter are produced (no gradient for the input batch).
/// </summary>
internal static class Autodiff
{
    public static void Differentiate(Graph graph)
    {
        List<Op> forward = graph.Ops.ToList();
        HashSet<Value> needsGradient = FindValuesDependingOnParameters(forward);
        var gradients = new Dictionary<Value, Value>();

        for (int i = forward.Count - 1; i >= 0; i--)
        {
            Op op = forward[i];
            if (op.Kind == OpKind.Loss)
            {
                VjpRules.Loss(graph, op, gradients);
                continue;
            }
            if (!gradients.TryGetValue(op.Output, out Value? outputGradient)) continue;
            switch (op.Kind)
            {
                case OpKind.Activate: VjpRules.Activate(graph, op, outputGradient, gradients); break;
                case OpKind.AddBias: VjpRules.AddBias(graph, op, outputGradient, gradients); break;
                case OpKind.MatMul: VjpRules.MatMul(graph, op, outputGradient, gradients, needsGradient); break;
                default: throw new System.InvalidOperationException($"No vector-Jacobian rule for {op.Kind}.");
            }
        }
    }

    private static HashSet<Value> FindValuesDependingOnParameters(List<Op> forward)
    {
        var depends = new HashSet<Value>();
        foreach (Op op in forward)
        {
            if (op.Inputs.Any(v => v.Kind == ValueKind.Parameter || depends.Contains(v)))
            {
                foreach (Value output in op.Outputs) depends.Add(output);
            }
        }
        return depends;
    }
}
