using System.Buffers.Binary;
using System.Diagnostics;
using ModelGen.Checkpoints;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;
using Xunit.Abstractions;

namespace ModelGen.Tests.Shipping;

/// <summary>
/// Thousands of corrupted and truncated checkpoints: every one is refused with a
/// <see cref="CheckpointException"/> (or, for corruptions that can leave a valid file, loads exactly
/// what the file says), never another exception, a hang or an unbounded allocation, and a refused
/// load leaves the model's parameters unchanged.
/// </summary>
public class CheckpointFuzzTests(ITestOutputHelper output)
{
    /// <summary>Cases per loader (weights and training checkpoints): 2 × 5000 in all.</summary>
    public const int CasesPerLoader = 5000;

    [Fact]
    public void CorruptedWeightFilesAreRefusedAndLeaveTheModelUnchanged()
    {
        using var dir = new TempDirectory();
        var source = new ReluNet(seed: 11);
        string validPath = dir.File("valid.safetensors");
        source.SaveWeights(validPath);
        Run(dir, File.ReadAllBytes(validPath), seed: 1, (net, path) => net.LoadWeights(path), "weights");
    }

    [Fact]
    public void CorruptedTrainingCheckpointsAreRefusedAndLeaveTheModelUnchanged()
    {
        using var dir = new TempDirectory();
        var source = new ReluNet(seed: 12);
        source.Fit(TestData.RandomFor(ReluNet.Info, 40, 3), epochs: 1, batchSize: 8, optimizer: new Adam());
        string validPath = dir.File("valid.safetensors");
        source.SaveTrainingCheckpoint(validPath);
        Run(dir, File.ReadAllBytes(validPath), seed: 2, (net, path) => net.LoadTrainingCheckpoint(path, new Adam()), "training");
    }

    private void Run(TempDirectory dir, byte[] valid, int seed, Action<ReluNet, string> load, string loader)
    {
        var reference = new ReluNet(seed: 99);
        string validPath = dir.File("reference.safetensors");
        File.WriteAllBytes(validPath, valid);
        load(reference, validPath);
        float[] original = reference.Engine.ParameterValues.ToArray();

        var target = new ReluNet(seed: 5);
        float[] untouched = target.Engine.ParameterValues.ToArray();
        var fuzzer = new CheckpointFuzzer(valid, seed);
        string path = dir.File("case.safetensors");
        var refusedByKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int loaded = 0;
        var slowest = TimeSpan.Zero;

        for (int i = 0; i < CasesPerLoader; i++)
        {
            FuzzCase c = fuzzer.Next();
            File.WriteAllBytes(path, c.Bytes);
            string label = $"case {i} ({c.Kind}, {loader})";
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            Exception? error = Record.Exception(() => load(target, path));
            clock.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;

            // Bounded work: the loader reads at most the file and the model's own tensors.
            Assert.True(allocated < 64 * 1024 + 8L * c.Bytes.Length + 16L * original.Length * 4, $"{label} allocated {allocated} bytes for a {c.Bytes.Length}-byte file");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{label} took {clock.Elapsed}");

            if (error is not null)
            {
                Assert.True(error is CheckpointException, $"{label} threw {error.GetType().Name}: {error}");
                Assert.True(untouched.AsSpan().SequenceEqual(target.Engine.ParameterValues), $"{label} changed the model before refusing it: {error.Message}");
                refusedByKind[c.Kind] = refusedByKind.GetValueOrDefault(c.Kind) + 1;
                continue;
            }
            Assert.True(c.Expectation != FuzzExpectation.Refused, $"{label} was loaded but the corruption always makes the file invalid");
            if (c.Expectation == FuzzExpectation.RefusedOrOriginalValues)
                Assert.True(original.AsSpan().SequenceEqual(target.Engine.ParameterValues), $"{label}: a header corruption loaded other values");
            else
                AssertLoadedWhatTheFileHolds(c.Bytes, target, label);
            loaded++;
            untouched.CopyTo(target.Engine.ParameterValues);
        }
        output.WriteLine($"{loader}: {CasesPerLoader} cases, {CasesPerLoader - loaded} refused, {loaded} still valid and loaded; slowest {slowest.TotalMilliseconds:F1} ms");
        foreach (var (kind, count) in refusedByKind) output.WriteLine($"  refused {count,5} {kind}");
        Assert.True(refusedByKind.Count >= 19, "every kind of corruption ran");
    }

    /// <summary>A data corruption that keeps every value finite is a valid file: the model must hold exactly its values.</summary>
    private static void AssertLoadedWhatTheFileHolds(byte[] bytes, ReluNet net, string label)
    {
        var file = EditableCheckpoint.Parse(bytes);
        foreach (var entry in file.Entries.Where(e => !e.Name.StartsWith("optimizer.", StringComparison.Ordinal)))
        {
            Span<float> values = net.Engine.Parameter(entry.Name);
            for (int i = 0; i < values.Length; i++)
            {
                float stored = BinaryPrimitives.ReadSingleLittleEndian(file.Data.AsSpan((int)entry.Begin + 4 * i));
                Assert.True(stored.Equals(values[i]), $"{label}: {entry.Name}[{i}] is {values[i]}, the file holds {stored}");
            }
        }
    }
}
