using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Differentiate;

/// <summary>
/// Reverse-mode differentiation on the IR: walks the forward ops backwards and lets each op's
/// vector-Jacobian rule append the ops that compute its inputs' gradients. A value read by several
/// ops gets the sum of their contributions. Only gradients that lead to a parameter are produced
/// (no gradient for the input batch).
/// </summary>
internal static class Autodiff
{
    public static void Differentiate(Graph graph)
    {
        List<Op> forward = graph.Ops.ToList();
        var rules = new VjpRules(graph, FindValuesDependingOnParameters(forward));

        for (int i = forward.Count - 1; i >= 0; i--)
        {
            Op op = forward[i];
            if (op.Kind == OpKind.Loss)
            {
                rules.Loss(op);
                continue;
            }
            if (!rules.TryGradient(op.Output, out Value dy)) continue;
            rules.Apply(op, dy);
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
