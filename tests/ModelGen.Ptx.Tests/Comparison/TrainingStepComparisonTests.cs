using ModelGen.Ptx.Tests.Interpreter;
using ModelGen.Runtime;
using Xunit.Abstractions;

namespace ModelGen.Ptx.Tests.Comparison;

/// <summary>
/// Whole training steps (forward, loss, backward, optimizer) through every PTX kernel of every
/// sample model in the interpreter, against the C# Network&lt;float&gt; on the same weights and
/// batch, at batch sizes that are not multiples of the tile (64), block (256) or warp (32) sizes.
/// </summary>
public class TrainingStepComparisonTests(ITestOutputHelper output)
{
    /// <summary>
    /// float32 tolerance: the error of each tensor relative to its largest magnitude (sums of products
    /// and column sums may cancel to values near zero, where an elementwise ratio is meaningless).
    /// </summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<SampleModel> Models() => SampleModels.Data();

    [Theory]
    [MemberData(nameof(Models))]
    public void TrainingStepsMatchTheCpuBackend(SampleModel model)
    {
        foreach (int batch in new[] { 5, 67 }) RunSteps(model, batch, exp2UlpError: 0);
    }

    public static TheoryData<SampleModel> LayerModels() => SampleModels.LayerData();

    /// <summary>Layer kernels over more rows than a block holds: 300 rows are 38 warp-per-row blocks, 2 flat blocks of a narrow tensor, a ragged last tile.</summary>
    [Theory]
    [MemberData(nameof(LayerModels))]
    public void LayerKernelsMatchTheCpuBackendBeyondOneBlock(SampleModel model) => RunSteps(model, 300, exp2UlpError: 0);

    /// <summary>The same comparison with ex2.approx off by ±2 ulp everywhere, as hardware may be.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void TrainingStepsStayWithinToleranceUnderHardwareExp2Error(SampleModel model)
    {
        RunSteps(model, 13, exp2UlpError: 2);
        RunSteps(model, 13, exp2UlpError: -2);
    }

    /// <summary>
    /// Evaluation-mode passes with gradients (TrainingModeOverride = false): dropout copies, batch
    /// normalization uses and keeps its running statistics, and their backward passes follow.
    /// </summary>
    [Theory]
    [MemberData(nameof(LayerModels))]
    public void EvaluationModeMatchesTheCpuBackend(SampleModel model) => RunSteps(model, 21, exp2UlpError: 0, training: false);

    private void RunSteps(SampleModel model, int batch, int exp2UlpError, bool training = true)
    {
        {
            NetworkBase<float> cpu = model.Create(11);
            if (!training) cpu.TrainingModeOverride = false;
            var device = new PtxTrainingStep(model.Program, cpu.Info, batch, cpu.ParameterValues, cpu.StateValues);
            device.Interpreter.Exp2UlpError = exp2UlpError;
            var random = new Random(batch);
            double worst = 0;
            for (int step = 1; step <= 2; step++)
            {
                Dataset data = Batch(cpu.Info, batch, random, model.Vocabulary);
                cpu.LoadBatch(data, Enumerable.Range(0, batch).ToArray());
                ulong seed = cpu.DropoutStepSeed;
                float cpuLoss = cpu.ComputeLoss(batch, gradients: true, out int cpuCorrect);
                device.Load(data.Features, data.Labels, data.Targets);
                device.ComputeLoss(seed, training);

                worst = Math.Max(worst, Check($"{model} batch {batch} step {step} loss", new[] { device.Loss }, new[] { cpuLoss }));
                Assert.Equal(cpuCorrect, device.Correct);
                for (int layer = 1; layer < cpu.Info.Layers.Count; layer++)
                    worst = Math.Max(worst, Check($"{model} batch {batch} step {step} {cpu.Info.Layers[layer].Name}", device.LayerOutput(layer), cpu.LayerOutput(layer).ToArray()));
                if (cpu.Info.StateCount > 0)
                    worst = Math.Max(worst, Check($"{model} batch {batch} step {step} batch-norm statistics", device.State, cpu.StateValues.ToArray()));
                float[] gradients = device.Gradients;
                Assert.Contains(gradients, g => g != 0);
                worst = Math.Max(worst, Check($"{model} batch {batch} step {step} gradients", gradients, cpu.GradientValues.ToArray()));

                cpu.ApplyOptimizer(model.Optimizer);
                device.ApplyOptimizer(model.Optimizer);
                worst = Math.Max(worst, Check($"{model} batch {batch} step {step} parameters after {model.Optimizer.GetType().Name}", device.Parameters, cpu.ParameterValues.ToArray()));
            }
            Assert.Equal(model.Program.Launches.Select(l => l.Kernel).Where(k => !k.StartsWith("modelgen_", StringComparison.Ordinal) || device.KernelsRun.Contains(k)).ToHashSet(),
                device.KernelsRun);
            output.WriteLine($"{model}, batch {batch}, ex2 error {exp2UlpError} ulp: {device.KernelsRun.Count} kernels, {device.Interpreter.InstructionCount:N0} instructions, worst relative error {worst:E2}");
        }
    }

    private static double Check(string what, float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, error = 0;
        for (int i = 0; i < expected.Length; i++) scale = Math.Max(scale, Math.Abs(expected[i]));
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]), $"{what}: NaN at {i}");
            double e = Math.Abs(actual[i] - (double)expected[i]);
            if (e > error) { error = e; worstIndex = i; }
        }
        double relative = scale == 0 ? error : error / scale;
        Assert.True(relative <= Tolerance,
            $"{what}: relative error {relative:E3} at element {worstIndex} (PTX {actual[worstIndex]:R}, CPU {expected[worstIndex]:R}, largest magnitude {scale:E3}).");
        return relative;
    }

    /// <summary>A random batch: standard-ish features (token ids in [0, vocabulary) for embedding models); labels for softmax models, targets in [0, 1] otherwise.</summary>
    private static Dataset Batch(ModelInfo info, int batch, Random random, int vocabulary)
    {
        var features = new float[batch * info.InputWidth];
        for (int i = 0; i < features.Length; i++)
            features[i] = vocabulary > 0 ? random.Next(vocabulary) : (float)(random.NextDouble() * 4 - 2);
        if (info.Loss == LossKind.SoftmaxCrossEntropy)
        {
            var labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = random.Next(info.OutputWidth);
            return Dataset.ForClassification(features, info.InputWidth, labels);
        }
        var targets = new float[batch * info.OutputWidth];
        for (int i = 0; i < targets.Length; i++) targets[i] = (float)random.NextDouble();
        return Dataset.ForTargets(features, info.InputWidth, targets, info.OutputWidth);
    }
}
