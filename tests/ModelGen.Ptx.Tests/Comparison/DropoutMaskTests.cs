using ModelGen.Ptx.Tests.Interpreter;
using ModelGen.Runtime;

namespace ModelGen.Ptx.Tests.Comparison;

/// <summary>
/// The dropout kernel draws the CPU's mask bit for bit (same step seed, same element index, same keep
/// decision), changes it with the step, and copies its input when the pass does not train.
/// </summary>
public class DropoutMaskTests
{
    private static SampleModel Model => SampleModels.All.Single(m => m.Name == "LayerNormDropoutNet");

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(300)]
    public void TrainingDropsExactlyTheElementsTheCpuDrops(int batch)
    {
        NetworkBase<float> cpu = Model.Create(5);
        var device = new PtxTrainingStep(Model.Program, cpu.Info, batch, cpu.ParameterValues);
        int dropout = Layer(cpu, "D"), normalized = Layer(cpu, "N");
        var previous = new List<bool>();
        for (int step = 0; step < 2; step++)
        {
            Dataset data = Batch(cpu.Info, batch, new Random(batch));
            cpu.LoadBatch(data, Enumerable.Range(0, batch).ToArray());
            ulong seed = cpu.DropoutStepSeed;
            cpu.ComputeLoss(batch, gradients: true, out _);
            device.Load(data.Features, data.Labels, data.Targets);
            device.ComputeLoss(seed);
            float[] expected = cpu.LayerOutput(dropout).ToArray(), actual = device.LayerOutput(dropout), input = device.LayerOutput(normalized);
            var dropped = new List<bool>();
            for (int i = 0; i < expected.Length; i++)
            {
                // Where the input is nonzero (after ReLU many are 0), a zero output means dropped.
                if (input[i] == 0) continue;
                Assert.Equal(expected[i] == 0, actual[i] == 0);
                dropped.Add(actual[i] == 0);
                if (actual[i] != 0) Assert.Equal(input[i] * (float)(1 / (1 - 0.2)), actual[i]);
            }
            if (batch >= 37)
            {
                double rate = dropped.Count(d => d) / (double)dropped.Count;
                Assert.InRange(rate, 0.1, 0.3);
                if (step == 1) Assert.NotEqual(previous, dropped); // a new step draws a new mask
            }
            previous = dropped;
            cpu.ApplyOptimizer(Model.Optimizer);
            device.ApplyOptimizer(Model.Optimizer);
        }
    }

    [Fact]
    public void EvaluationCopiesTheInput()
    {
        const int batch = 9;
        NetworkBase<float> cpu = Model.Create(5);
        var device = new PtxTrainingStep(Model.Program, cpu.Info, batch, cpu.ParameterValues);
        Dataset data = Batch(cpu.Info, batch, new Random(3));
        device.Load(data.Features, data.Labels, data.Targets);
        device.ComputeLoss(cpu.DropoutStepSeed, training: false);
        Assert.Equal(device.LayerOutput(Layer(cpu, "N")), device.LayerOutput(Layer(cpu, "D")));
    }

    private static int Layer(NetworkBase<float> cpu, string name)
    {
        for (int i = 0; i < cpu.Info.Layers.Count; i++) if (cpu.Info.Layers[i].Name == name) return i;
        throw new ArgumentException(name);
    }

    private static Dataset Batch(ModelInfo info, int batch, Random random)
    {
        var features = new float[batch * info.InputWidth];
        for (int i = 0; i < features.Length; i++) features[i] = (float)(random.NextDouble() * 4 - 2);
        var labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = random.Next(info.OutputWidth);
        return Dataset.ForClassification(features, info.InputWidth, labels);
    }
}
