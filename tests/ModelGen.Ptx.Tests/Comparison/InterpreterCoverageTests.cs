using System.Text.RegularExpressions;
using ModelGen.Cuda;
using ModelGen.Ptx.Tests.Interpreter;
using ModelGen.Runtime;
using Xunit.Abstractions;

namespace ModelGen.Ptx.Tests.Comparison;

/// <summary>Every kernel of every sample model, and every instruction form in their modules, is actually executed by the interpreter.</summary>
public class InterpreterCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryKernelAndEveryInstructionFormIsExecuted()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var executed = new HashSet<string>(StringComparer.Ordinal);
        int kernels = 0;
        foreach (SampleModel model in SampleModels.All)
        {
            foreach (Match m in Regex.Matches(model.Program.Module, @"^\t(?:@!?%p\d+ )?([a-z][a-z0-9.]*)", RegexOptions.Multiline))
                used.Add(m.Groups[1].Value);
            NetworkBase<float> cpu = model.Create(1);
            const int batch = 3;
            var step = new PtxTrainingStep(model.Program, cpu.Info, batch, cpu.ParameterValues);
            var random = new Random(1);
            float[] inputs = Enumerable.Range(0, batch * cpu.Info.InputWidth).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
            int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(cpu.Info.OutputWidth)).ToArray();
            float[] targets = Enumerable.Range(0, batch * cpu.Info.OutputWidth).Select(_ => (float)random.NextDouble()).ToArray();
            step.Load(inputs, labels, targets);
            step.ComputeLoss();
            foreach (Optimizer optimizer in new Optimizer[] { new Sgd(0.1f), new Momentum(0.1f), new Nesterov(0.1f), new Adam(), new AdaGrad() })
                step.ApplyOptimizer(optimizer);
            Assert.Equal(model.Program.Launches.Select(l => l.Kernel).ToHashSet(), step.KernelsRun);
            kernels += step.KernelsRun.Count;
            executed.UnionWith(step.Interpreter.ExecutedOpcodes);
        }
        Assert.Empty(used.Except(executed));
        // The interpreter implements exactly what the emitter uses: nothing untested hides in it.
        Assert.Equal(used, PtxOpcodes.Implemented.Order(StringComparer.Ordinal));
        output.WriteLine($"{kernels} kernels over {SampleModels.All.Count} models executed; {executed.Count} of {PtxOpcodes.Implemented.Count} implemented instruction forms exercised.");
        output.WriteLine("Forms: " + string.Join(" ", used));
    }
}
