using ModelGen.Runtime;

namespace ModelGen.Benchmarks;

/// <summary>
/// One benchmarked model: its batch size, how many synthetic rows to train on, and how many steps to
/// time. The step counts are chosen so each configuration takes about a second on this machine: enough
/// samples for a stable median without making the whole run long.
/// </summary>
/// <remarks>
/// <paramref name="CreateOptimizer"/> is null for Adam(1e-3), the MLPs' optimizer; <paramref name="Shape"/>
/// describes a model whose layers are not one chain of widths (null: the widths joined by '-').
/// </remarks>
internal sealed record Workload(string Name, int Batch, int Rows, int Steps, int QuickSteps, Func<int, NetworkBase<float>> Create,
    Func<Optimizer>? CreateOptimizer = null, string? Shape = null)
{
    public NetworkBase<float> CreateNetwork(int seed) => Create(seed);

    public Optimizer NewOptimizer() => CreateOptimizer?.Invoke() ?? new Adam(1e-3f);

    /// <summary>
    /// Random features in [0, 1) and uniform labels. Timing does not depend on the values (dense
    /// kernels do no sparsity tricks), only on them being finite and well away from denormals,
    /// which holds over a benchmark's few thousand Adam steps.
    /// </summary>
    public Dataset CreateData(int featureCount, int classCount, int seed)
    {
        var random = new Random(seed);
        var features = new float[Rows * featureCount];
        for (int i = 0; i < features.Length; i++) features[i] = random.NextSingle();
        var labels = new int[Rows];
        for (int i = 0; i < labels.Length; i++) labels[i] = random.Next(classCount);
        return Dataset.ForClassification(features, featureCount, labels);
    }
}

internal static class Workloads
{
    public static readonly IReadOnlyList<Workload> All =
    [
        // Digits: 64-128-64-10 at batch 64, tens of microseconds per step: many steps.
        new("digits", Batch: 64, Rows: 8192, Steps: 2000, QuickSteps: 200, seed => new DigitsBench.Network<float>(seed)),
        // Large: 784-1024-1024-10 at batch 256, about 2.5 GFLOP per step (ten-odd ms): fewer steps.
        new("large", Batch: 256, Rows: 4096, Steps: 60, QuickSteps: 10, seed => new LargeBench.Network<float>(seed)),
        // Residual: samples/ResidualDigits' pre-norm residual network (LayerNorm, Dropout 0.1 active in
        // training steps) at batch 64, about 53 MFLOP per step; AdamW as in the sample.
        new("residual", Batch: 64, Rows: 8192, Steps: 1000, QuickSteps: 100, seed => new ResidualDigits.ResidualDigitsNet.Network<float>(seed),
            CreateOptimizer: () => new AdamW(2e-3f, weightDecay: 0.01f), Shape: ResidualShape),
    ];

    /// <summary>Stem, two residual blocks (LayerNorm, 128→256 ReLU, Dropout, 256→128), LayerNorm, head; pytorch_peer.py prints the same.</summary>
    private const string ResidualShape = "64-128-[LN-256-128]x2-LN-10";

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(w => w.Name)];

    public static Workload Get(string name) => All.First(w => w.Name == name);
}
