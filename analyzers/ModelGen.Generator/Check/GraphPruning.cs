using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Common;

namespace ModelGen.Generator.Check;

/// <summary>Keeps the nodes an output depends on, renumbered in order with the output last.</summary>
internal static class GraphPruning
{
    public static (EquatableArray<GraphNode> Nodes, bool[] Kept) Prune(IReadOnlyList<GraphNode> nodes, int output)
    {
        var keep = new bool[nodes.Count];
        keep[output] = true;
        for (int i = output; i >= 0; i--)
        {
            if (!keep[i]) continue;
            foreach (int input in nodes[i].Inputs) keep[input] = true;
        }
        var index = new int[nodes.Count];
        var result = new List<GraphNode>();
        for (int i = 0; i <= output; i++)
        {
            if (!keep[i]) continue;
            index[i] = result.Count;
            result.Add(nodes[i] with { Inputs = nodes[i].Inputs.Select(x => index[x]).ToEquatableArray() });
        }
        return (result.ToEquatableArray(), keep);
    }
}
