using System.Diagnostics;
using ModelGen.Runtime;

namespace ModelGen.Benchmarks;

/// <summary>Median and minimum of a set of timings, in microseconds.</summary>
internal readonly record struct Summary(double MedianUs, double MinUs)
{
    public static Summary Of(long[] ticks, double divisor = 1)
    {
        long[] sorted = [.. ticks];
        Array.Sort(sorted);
        int n = sorted.Length;
        // Even counts average the two middle samples, as Python's statistics.median does.
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return new Summary(ToMicroseconds(median) / divisor, ToMicroseconds(sorted[0]) / divisor);
    }

    private static double ToMicroseconds(double ticks) => ticks * 1e6 / Stopwatch.Frequency;
}

/// <summary>How long to run before measuring: at least <paramref name="MinSteps"/> calls and <paramref name="Time"/>.</summary>
internal readonly record struct WarmUp(int MinSteps, TimeSpan Time);

/// <summary>Timings of the training step and of its three phases, and the bytes it allocated.</summary>
/// <remarks><paramref name="WithoutLoad"/> is the step less <c>LoadBatch</c> (compute and optimizer), per step.</remarks>
internal sealed record TrainingTiming(int Steps, Summary Step, Summary WithoutLoad, Summary Load, Summary Compute, Summary Optimizer, double AllocatedBytesPerStep, double LastLoss);

/// <summary>Per-call timing of batch-1 inference, and the bytes it allocated.</summary>
internal sealed record InferenceTiming(int Calls, Summary Call, double AllocatedBytesPerCall);

/// <summary>
/// The timing loops. Each measured step is timed on its own (Stopwatch ticks are nanoseconds on
/// Linux, against steps of tens of microseconds or more), so the median and minimum come from the
/// real distribution rather than from averages over blocks, and a stray preemption by the shared
/// host shows up as one slow sample instead of skewing a mean.
/// </summary>
internal static class Measure
{
    public static TrainingTiming Training(NetworkBase<float> net, Dataset data, int batch, int steps, WarmUp warmUp, int seed, Optimizer optimizer)
    {
        int[] order = Shuffled(data.Count, seed);
        int batchesPerPass = data.Count / batch;
        int cursor = 0;

        // Warm-up: tiered JIT promotes hot methods to optimized code after 30 calls plus a short
        // delay, worker threads start, and buffers are sized on the first step. Run for a fixed time
        // and at least MinSteps steps, so even once-per-step methods of the slow model get promoted.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < warmUp.MinSteps || clock.Elapsed < warmUp.Time; i++) UntimedStep();

        var load = new long[steps];
        var compute = new long[steps];
        var update = new long[steps];
        var total = new long[steps];
        var withoutLoad = new long[steps];
        float loss = 0;
        Settle(UntimedStep);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < steps; i++)
        {
            ReadOnlySpan<int> rows = NextRows();
            long t0 = Stopwatch.GetTimestamp();
            net.LoadBatch(data, rows);
            long t1 = Stopwatch.GetTimestamp();
            loss = net.ComputeLoss(batch, gradients: true, out _);
            long t2 = Stopwatch.GetTimestamp();
            net.ApplyOptimizer(optimizer);
            long t3 = Stopwatch.GetTimestamp();
            load[i] = t1 - t0;
            compute[i] = t2 - t1;
            update[i] = t3 - t2;
            total[i] = t3 - t0;
            withoutLoad[i] = t3 - t1;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (!float.IsFinite(loss)) throw new InvalidOperationException($"training diverged (loss {loss}): the timings would not be of a working step");

        return new TrainingTiming(steps, Summary.Of(total), Summary.Of(withoutLoad), Summary.Of(load), Summary.Of(compute), Summary.Of(update),
            (double)allocated / steps, loss);

        // The batches cycle through one fixed shuffle of the data set.
        ReadOnlySpan<int> NextRows() => order.AsSpan((cursor++ % batchesPerPass) * batch, batch);

        void UntimedStep()
        {
            net.LoadBatch(data, NextRows());
            net.ComputeLoss(batch, gradients: true, out _);
            net.ApplyOptimizer(optimizer);
        }
    }

    /// <summary>
    /// Batch-1 inference: one Predict call takes about a microsecond for the small model, close to
    /// the timer's cost, so each sample times a block of calls sized to last ~50 µs.
    /// </summary>
    public static InferenceTiming Inference(NetworkBase<float> net, ReadOnlySpan<float> features, int samples, WarmUp warmUp)
    {
        Span<float> outputs = stackalloc float[net.Info.OutputWidth];
        var clock = Stopwatch.StartNew();
        long warmCalls = 0;
        while (warmCalls < warmUp.MinSteps || clock.Elapsed < warmUp.Time)
        {
            net.Predict(features, outputs);
            warmCalls++;
        }
        double microsecondsPerCall = clock.Elapsed.TotalMicroseconds / warmCalls;
        int block = (int)Math.Clamp(Math.Ceiling(50 / microsecondsPerCall), 1, 10_000);

        var ticks = new long[samples];
        float[] settleOutputs = new float[outputs.Length];
        float[] settleFeatures = features.ToArray();
        Settle(() => net.Predict(settleFeatures, settleOutputs));
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (int s = 0; s < samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int c = 0; c < block; c++) net.Predict(features, outputs);
            ticks[s] = Stopwatch.GetTimestamp() - t0;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (!float.IsFinite(outputs[0])) throw new InvalidOperationException("inference produced a non-finite output");

        long calls = (long)samples * block;
        return new InferenceTiming((int)Math.Min(calls, int.MaxValue), Summary.Of(ticks, block), (double)allocated / calls);
    }

    /// <summary>
    /// Collects garbage so no collection falls inside the timed loop, then runs a few more calls:
    /// after a full collection the runtime lazily rebuilds small internal caches (272 bytes once,
    /// on the first call that dispatches an activation kernel), which is not the step's own
    /// allocation and would otherwise be charged to it.
    /// </summary>
    private static void Settle(Action call)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        for (int i = 0; i < 3; i++) call();
    }

    private static int[] Shuffled(int count, int seed)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        new Random(seed).Shuffle(order);
        return order;
    }
}
