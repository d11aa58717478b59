using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelGen.Benchmarks;

/// <summary>Console lines while running, a summary table at the end, and the JSON file.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Line(BenchResult r)
    {
        TrainingTiming t = r.Training;
        return string.Create(Invariant,
            $"{r.Model,-6} {r.Shape} batch {r.Batch}, {r.Threads} thread(s): step {t.Step.MedianUs:F1} µs median (min {t.Step.MinUs:F1}), " +
            $"{r.Gflops:F1} GFLOP/s = {r.PercentOfPeak:F1}% of {r.PeakGflops:F0}; " +
            $"load {t.Load.MedianUs:F1} + forward/backward {t.Compute.MedianUs:F1} + Adam {t.Optimizer.MedianUs:F1} µs; " +
            $"inference b1 {r.Inference.Call.MedianUs:F2} µs; allocated {t.AllocatedBytesPerStep:F0} B/step, {r.Inference.AllocatedBytesPerCall:F0} B/inference");
    }

    public static string Table(IEnumerable<BenchResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| model | batch | threads | step median µs | step min µs | w/o load µs | GFLOP/s | % of peak | inference b1 µs | alloc B/step |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (BenchResult r in results)
        {
            text.AppendLine(string.Create(Invariant,
                $"| {r.Model} {r.Shape} | {r.Batch} | {r.Threads} | {r.Training.Step.MedianUs:F1} | {r.Training.Step.MinUs:F1} | {r.Training.WithoutLoad.MedianUs:F1} | " +
                $"{r.Gflops:F1} | {r.PercentOfPeak:F1}% | {r.Inference.Call.MedianUs:F2} | {r.Training.AllocatedBytesPerStep:F0} |"));
        }
        return text.ToString();
    }

    /// <summary>
    /// Writes the results with the same field names as pytorch_peer.py, so compare.py reads both
    /// files the same way. Written by hand with Utf8JsonWriter: no reflection, and field order is fixed.
    /// </summary>
    public static void WriteJson(string path, IReadOnlyList<BenchResult> results, bool quick)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("framework", "ModelGen");
        json.WriteString("runtime", Machine.Runtime);
        json.WriteString("simd", ModelGen.Kernels.Simd.Active.ToString());
        json.WriteString("cpu", Machine.CpuName);
        json.WriteString("date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant));
        json.WriteNumber("peak_gflops_per_core", Machine.PeakGflopsPerCore);
        json.WriteBoolean("quick", quick);
        json.WriteStartArray("results");
        foreach (BenchResult r in results) WriteResult(json, r);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, BenchResult r)
    {
        TrainingTiming t = r.Training;
        json.WriteStartObject();
        json.WriteString("model", r.Model);
        json.WriteStartArray("layers");
        foreach (int width in r.Layers) json.WriteNumberValue(width);
        json.WriteEndArray();
        json.WriteString("shape", r.Shape);
        json.WriteNumber("batch", r.Batch);
        json.WriteNumber("threads", r.Threads);
        json.WriteNumber("training_flops", r.TrainingFlops);
        json.WriteNumber("inference_flops", r.InferenceFlops);
        json.WriteNumber("steps", t.Steps);
        json.WriteNumber("step_median_us", Round(t.Step.MedianUs));
        json.WriteNumber("step_min_us", Round(t.Step.MinUs));
        json.WriteNumber("step_no_load_median_us", Round(t.WithoutLoad.MedianUs));
        json.WriteNumber("step_no_load_min_us", Round(t.WithoutLoad.MinUs));
        json.WriteNumber("load_median_us", Round(t.Load.MedianUs));
        json.WriteNumber("compute_median_us", Round(t.Compute.MedianUs));
        json.WriteNumber("optimizer_median_us", Round(t.Optimizer.MedianUs));
        json.WriteNumber("gflops", Round(r.Gflops));
        json.WriteNumber("gflops_no_load", Round(r.GflopsWithoutLoad));
        json.WriteNumber("peak_gflops", r.PeakGflops);
        json.WriteNumber("percent_of_peak", Round(r.PercentOfPeak));
        json.WriteNumber("inference_calls", r.Inference.Calls);
        json.WriteNumber("inference_b1_median_us", Round(r.Inference.Call.MedianUs));
        json.WriteNumber("inference_b1_min_us", Round(r.Inference.Call.MinUs));
        json.WriteNumber("alloc_bytes_per_step", t.AllocatedBytesPerStep);
        json.WriteNumber("alloc_bytes_per_inference", r.Inference.AllocatedBytesPerCall);
        json.WriteNumber("last_loss", Round(t.LastLoss));
        json.WriteEndObject();
    }

    private static double Round(double value) => Math.Round(value, 3);
}
