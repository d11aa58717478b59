namespace ModelGen.Benchmarks;

/// <summary>One model at one thread count: the raw timings and the figures derived from them.</summary>
internal sealed record BenchResult(
    string Model,
    IReadOnlyList<int> Layers,
    string? Description,
    int Batch,
    int Threads,
    double TrainingFlops,
    double InferenceFlops,
    TrainingTiming Training,
    InferenceTiming Inference)
{
    public double PeakGflops => Machine.PeakGflopsPerCore * Threads;

    /// <summary>Throughput of the median full step: flop / µs / 1000 = GFLOP/s.</summary>
    public double Gflops => TrainingFlops / Training.Step.MedianUs / 1e3;

    public double GflopsWithoutLoad => TrainingFlops / Training.WithoutLoad.MedianUs / 1e3;

    public double PercentOfPeak => 100 * Gflops / PeakGflops;

    /// <summary>The workload's description of the architecture, or the layer widths joined by '-'.</summary>
    public string Shape => Description ?? string.Join("-", Layers);
}
