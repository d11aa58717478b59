using ModelGen.Kernels;
using ModelGen.Runtime;
using ModelGen.Tests.Models;

namespace ModelGen.Tests.Training;

public class AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TrainingStepAllocatesNothingAfterWarmUp(int threads)
    {
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var (train, _) = TestData.Digits();
            var network = new DigitsMlp.Network<float>(1);
            var optimizer = new AdamW(1e-3f);
            int[] rows = Enumerable.Range(0, 256).ToArray();
            void Step()
            {
                network.LoadBatch(train, rows);
                network.ComputeLoss(rows.Length, gradients: true, out _);
                network.ApplyOptimizer(optimizer);
            }
            for (int i = 0; i < 5; i++) Step();
            // Let tiered compilation promote the hot methods first: a promotion in the middle of a
            // window can allocate on the calling thread once; an allocating step does so in every window.
            Thread.Sleep(250);
            for (int i = 0; i < 50; i++) Step();
            long fewestHere = long.MaxValue;
            for (int window = 0; window < 3 && fewestHere > 0; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 20; i++) Step();
                fewestHere = Math.Min(fewestHere, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, fewestHere);

            // Process-wide, other threads (the JIT compiling in the background, the test host) may
            // allocate now and then; kernel workers that allocated per step would do so in every window.
            long fewest = long.MaxValue;
            for (int window = 0; window < 4 && fewest > 0; window++)
            {
                long beforeAll = GC.GetTotalAllocatedBytes(precise: true);
                for (int i = 0; i < 20; i++) Step();
                fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - beforeAll);
            }
            Assert.True(fewest == 0, $"{fewest} bytes allocated process-wide in the quietest window of 20 steps: kernel worker threads allocate");
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    /// <summary>The new layers too: a residual graph-form step with LayerNorm, GELU, checkpointed attention, dropout and label smoothing.</summary>
    [Fact]
    public void GraphFormTrainingStepWithNewLayersAllocatesNothing()
    {
        var network = new AllocationProbeNet.Network<float>(1);
        Dataset data = TestData.RandomFor(network.Info, rows: 64, seed: 2);
        var optimizer = new AdamW(1e-3f);
        int[] rows = Enumerable.Range(0, 64).ToArray();
        void Step()
        {
            network.LoadBatch(data, rows);
            network.ComputeLoss(rows.Length, gradients: true, out _);
            network.ApplyOptimizer(optimizer);
        }
        for (int i = 0; i < 5; i++) Step();
        Thread.Sleep(250);
        for (int i = 0; i < 50; i++) Step();
        long fewest = long.MaxValue;
        for (int window = 0; window < 3 && fewest > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++) Step();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void SingleSamplePredictionAllocatesNothing()
    {
        var net = new DigitsMlp(1);
        var features = new float[64];
        var outputs = new float[10];
        net.Predict(features, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) net.Predict(features, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
