using ModelGen.Generator.Check;
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
        Graph graph = GraphBuilder.Build(model);
        Autodiff.Differentiate(graph);
        Fusion.Fuse(graph);
        Recomputation.Apply(graph);
        return Planner.Plan(model, graph);
    }

    public static string Compile(ModelDefinition model) => ModelEmitter.Emit(PlanModel(model));
}
