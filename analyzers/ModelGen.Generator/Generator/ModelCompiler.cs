using System.Collections.Generic;
using System.Linq;
using ModelGen.Generator.Check;
using ModelGen.Generator.Common;
using ModelGen.Generator.Differentiate;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Fuse;
using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;
using ModelGen.Generator.Rewrite;

namespace ModelGen.Generator;

/// <summary>The stages after checking, in their one direction: rewrite → IR → differentiate → fuse → plan → emit.</summary>
internal static class ModelCompiler
{
    public static KernelPlan PlanModel(ModelDefinition model)
    {
        model = StabilityRewrites.Apply(model);
        KernelPlan plan = Build(model);
        // A [Checkpoint] that does not lower the peak (the recomputed copies need room while the
        // gradients are live) is dropped, one layer at a time, and reported (MG0020).
        var dropped = new List<string>();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            if (!model.Layers[i].Checkpoint) continue;
            ModelDefinition without = model with { Layers = model.Layers.Select((l, j) => j == i ? l with { Checkpoint = false } : l).ToEquatableArray() };
            KernelPlan candidate = Build(without);
            if (candidate.ActivationWidth > plan.ActivationWidth) continue;
            dropped.Add(model.Layers[i].Name);
            (model, plan) = (without, candidate);
        }
        plan.IneffectiveCheckpoints.AddRange(dropped);
        return plan;
    }

    private static KernelPlan Build(ModelDefinition model)
    {
        Graph graph = GraphBuilder.Build(model);
        Autodiff.Differentiate(graph);
        Fusion.Fuse(graph);
        Recomputation.Apply(graph);
        return Planner.Plan(model, graph);
    }

    public static string Compile(ModelDefinition model) => ModelEmitter.Emit(PlanModel(model));
}
