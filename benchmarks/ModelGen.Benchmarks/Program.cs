using ModelGen.Benchmarks;
using ModelGen.Kernels;
using ModelGen.Runtime;

// ModelGen training-step and batch-1 inference benchmark. See benchmarks/README.md for what is
// measured and how it is compared with PyTorch (benchmarks/run.sh runs both).
var options = Options.Parse(args);
if (options is null) return args.Contains("--help") || args.Contains("-h") ? 0 : 2;

#if DEBUG
Console.Error.WriteLine("warning: Debug build; build with -c Release for numbers worth quoting.");
#endif
if (options.Quick) Console.WriteLine("--quick: short warm-up and few steps; a smoke run, not numbers to quote.");
Console.WriteLine($"ModelGen benchmark on {Machine.CpuName}, {Environment.ProcessorCount} logical CPUs, SIMD tier {Simd.Active}, {Machine.Runtime}");

var warmUp = options.Quick ? new WarmUp(40, TimeSpan.FromMilliseconds(500)) : new WarmUp(40, TimeSpan.FromSeconds(2));
int inferenceSamples = options.Quick ? 50 : 300;
var results = new List<BenchResult>();

foreach (string name in options.Models)
{
    Workload workload = Workloads.Get(name);
    int steps = options.Steps ?? (options.Quick ? workload.QuickSteps : workload.Steps);
    Dataset? data = null;
    foreach (int threads in options.Threads)
    {
        KernelThreads.Count = threads;
        // A fresh network per thread count: each configuration starts from the same weights and
        // optimizer state, so neither inherits the other's training progress.
        NetworkBase<float> net = workload.CreateNetwork(options.Seed);
        ModelInfo info = net.Info;
        data ??= workload.CreateData(info.InputWidth, info.OutputWidth, options.Seed);

        TrainingTiming training = Measure.Training(net, data, workload.Batch, steps, warmUp, options.Seed, workload.NewOptimizer());
        InferenceTiming inference = Measure.Inference(net, data.Row(0), inferenceSamples, warmUp);
        var result = new BenchResult(name, [.. info.Layers.Select(l => l.Width)], workload.Shape, workload.Batch, threads,
            info.TrainingFlops(workload.Batch), info.InferenceFlops(1), training, inference);
        results.Add(result);
        Console.WriteLine(Report.Line(result));
    }
}

Console.WriteLine();
Console.Write(Report.Table(results));
if (options.JsonPath is not null)
{
    Report.WriteJson(options.JsonPath, results, options.Quick);
    Console.WriteLine($"Wrote {options.JsonPath}");
}

// Allocation-free steps are part of the contract: a nonzero figure fails the run.
bool allocates = results.Any(r => r.Training.AllocatedBytesPerStep > 0 || r.Inference.AllocatedBytesPerCall > 0);
if (allocates) Console.Error.WriteLine("error: a training step or an inference call allocated managed memory (see alloc columns).");
return allocates ? 1 : 0;
