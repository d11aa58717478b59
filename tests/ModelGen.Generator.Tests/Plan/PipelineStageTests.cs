using ModelGen.Generator.Check;
using ModelGen.Generator.Common;
using ModelGen.Generator.Differentiate;
using ModelGen.Generator.Fuse;
using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Tests.Plan;

/// <summary>The Roslyn-free stages, tested on definitions built by hand.</summary>
public class PipelineStageTests
{
    private static ModelDefinition Mlp(LossKind loss, params (int Outputs, Activation Activation)[] layers)
    {
        var type = new TypeSpec("Demo", "Net", EquatableArray<string>.Empty, true, false, false, false, true, false, "Demo.Net.g.cs", -1);
        int width = 6;
        var dense = new List<LayerDefinition>();
        for (int i = 0; i < layers.Length; i++)
        {
            dense.Add(new LayerDefinition($"L{i}", LayerKind.Dense, width, layers[i].Outputs) { Activation = layers[i].Activation, Alpha = 0.1 });
            width = layers[i].Outputs;
        }
        var array = dense.ToEquatableArray();
        return new ModelDefinition(type, "X", 6, array, ModelDefinition.Chain(6, array), "Loss", loss);
    }

    [Fact]
    public void BuilderEmitsMatMulBiasActivationPerLayerThenTheLoss()
    {
        Graph graph = GraphBuilder.Build(Mlp(LossKind.SoftmaxCrossEntropy, (8, Activation.Relu), (3, Activation.Identity)));
        Assert.Equal(
            new[] { OpKind.MatMul, OpKind.AddBias, OpKind.Activate, OpKind.MatMul, OpKind.AddBias, OpKind.Loss },
            graph.Ops.Select(o => o.Kind));
        Assert.Equal(4, graph.Parameters.Count);
    }

    [Fact]
    public void AutodiffProducesEveryParameterGradientAndNoInputGradient()
    {
        Graph graph = GraphBuilder.Build(Mlp(LossKind.MeanSquaredError, (8, Activation.Tanh), (5, Activation.Gelu), (2, Activation.Identity)));
        Autodiff.Differentiate(graph);
        var gradients = graph.Values.Where(v => v.Kind == ValueKind.ParameterGradient).Select(v => v.GradientOf!).ToHashSet();
        Assert.Equal(graph.Parameters.ToHashSet(), gradients);
        Assert.DoesNotContain(graph.Values, v => v.Name == "dX");
        // Two input gradients (into L1 and L2), none into the first layer.
        Assert.Equal(2, graph.Ops.Count(o => o.Kind == OpKind.MatMulTransposeB));
        Assert.Equal(2, graph.Ops.Count(o => o.Kind == OpKind.ActivateGradient));
    }

    [Fact]
    public void FusionLeavesOnlyFusedForwardKernels()
    {
        Graph graph = GraphBuilder.Build(Mlp(LossKind.BinaryCrossEntropyWithLogits, (8, Activation.Silu), (3, Activation.Identity)));
        Autodiff.Differentiate(graph);
        Fusion.Fuse(graph);
        Assert.DoesNotContain(graph.Ops, o => o.Kind is OpKind.MatMul or OpKind.AddBias or OpKind.Activate or OpKind.Loss or OpKind.LossGradient);
        Assert.Equal(2, graph.Ops.Count(o => o.Kind == OpKind.DenseForward));
        Assert.Single(graph.Ops, o => o.Kind == OpKind.LossForwardBackward);
    }

    [Theory]
    [InlineData("Relu", false)]
    [InlineData("Sigmoid", false)]
    [InlineData("Softplus", false)]
    [InlineData("Gelu", true)]
    [InlineData("Silu", true)]
    [InlineData("GeluTanh", true)]
    public void PreActivationIsStoredOnlyWhenTheDerivativeNeedsIt(string activationName, bool stored)
    {
        var activation = Enum.Parse<Activation>(activationName);
        KernelPlan plan = ModelCompiler.PlanModel(Mlp(LossKind.SoftmaxCrossEntropy, (8, activation), (3, Activation.Identity)));
        Op first = plan.Forward[0];
        Assert.Equal(stored, plan.StoresPreActivation.Contains(first));
        Assert.Equal(stored, plan.ColumnOffset.ContainsKey(first.Outputs[0]) && first.Outputs[0] != first.Outputs[1]);
    }

    /// <summary>The buffer plan's invariant: two values alive at the same time never share columns.</summary>
    [Theory]
    [InlineData("SoftmaxCrossEntropy")]
    [InlineData("MeanSquaredError")]
    [InlineData("BinaryCrossEntropyWithLogits")]
    public void LiveBuffersNeverOverlapAndReuseSavesMemory(string lossName)
    {
        var loss = Enum.Parse<LossKind>(lossName);
        KernelPlan plan = ModelCompiler.PlanModel(Mlp(loss,
            (32, Activation.Relu), (16, Activation.Gelu), (16, Activation.Tanh), (24, Activation.Silu), (8, Activation.Sigmoid), (4, Activation.Identity)));
        var order = plan.Forward.Append(plan.Loss).Concat(plan.Backward).ToList();
        var firstWrite = new Dictionary<Value, int>();
        var lastRead = new Dictionary<Value, int>();
        for (int i = 0; i < order.Count; i++)
        {
            foreach (Value v in Planner.WrittenValues(plan, order[i])) firstWrite.TryAdd(v, i);
            foreach (Value v in Planner.ReadValues(plan, order[i])) lastRead[v] = i;
        }
        var values = firstWrite.Keys.ToList();
        foreach (Value a in values)
        {
            foreach (Value b in values)
            {
                if (a.Id >= b.Id) continue;
                int aEnd = a.KeepAlive ? int.MaxValue : lastRead.GetValueOrDefault(a, firstWrite[a]);
                int bEnd = b.KeepAlive ? int.MaxValue : lastRead.GetValueOrDefault(b, firstWrite[b]);
                bool overlapInTime = firstWrite[a] < bEnd && firstWrite[b] < aEnd;
                // An elementwise gradient may be computed in place over the gradient it consumes.
                bool inPlace = order[firstWrite[b]].Kind == OpKind.ActivateGradient && order[firstWrite[b]].Inputs[0] == a;
                if (!overlapInTime || inPlace) continue;
                int a0 = plan.ColumnOffset[a], b0 = plan.ColumnOffset[b];
                Assert.False(a0 < b0 + b.Columns && b0 < a0 + a.Columns, $"{a.Name} [{a0}, {a0 + a.Columns}) overlaps {b.Name} [{b0}, {b0 + b.Columns}) while both are live");
            }
        }
        Assert.True(plan.ActivationWidth < plan.UnsharedActivationWidth, $"{plan.ActivationWidth} vs {plan.UnsharedActivationWidth}");
    }

    [Fact]
    public void ParameterTensorsAreCacheLineAligned()
    {
        KernelPlan plan = ModelCompiler.PlanModel(Mlp(LossKind.SoftmaxCrossEntropy, (7, Activation.Relu), (3, Activation.Identity)));
        Assert.All(plan.Parameters, p => Assert.Equal(0, p.Offset % 16));
        Assert.True(plan.Parameters.Zip(plan.Parameters.Skip(1)).All(pair => pair.First.Offset + pair.First.Length <= pair.Second.Offset));
    }
}
