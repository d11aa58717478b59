using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class TrainingAllocationTests
{
    [Fact]
    public void FitWithEveryControlAllocatesPerEpochNotPerStep()
    {
        // The same epoch at batch 64 (16 steps) and at batch 8 (125 steps): whatever Fit allocates
        // per step shows up about 109 times more in the second.
        var (train, test) = TestData.Digits();
        Dataset data = train.Subset(Enumerable.Range(0, 1000).ToArray());
        var net = new DigitsMlp.Network<float>(1);
        net.EnsureCapacity(64);
        TrainingOptions Options(int batch) => new()
        {
            Epochs = 1, BatchSize = batch, Optimizer = new AdamW(1e-3f), Validation = test,
            Schedule = new CosineAnnealing(500), ClipGlobalNorm = 1, ClipValue = 0.5, L1 = 1e-6, L2 = 1e-5,
            EarlyStopping = new EarlyStopping(),
        };
        long Measure(int batch)
        {
            TrainingOptions options = Options(batch);
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Fit(data, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Measure(64); Measure(8);                      // warm up the JIT and the kernels at both sizes
        long few = Measure(64), many = Measure(8);
        Assert.True(many - few < 512, $"an epoch of 125 steps allocated {many} bytes, one of 16 steps {few}");
    }
}
