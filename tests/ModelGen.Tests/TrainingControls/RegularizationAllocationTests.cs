using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class RegularizationAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FitWithMixupMaxNormAndLossScalingAllocatesPerEpochNotPerStep(bool regression)
    {
        // As in TrainingAllocationTests: one epoch of 16 steps against one of 125; a per-step allocation shows up ~109 times more.
        Dataset data = regression
            ? TestData.RandomFor(MseNet.Info, 1000, seed: 1)
            : TestData.Digits().Train.Subset(Enumerable.Range(0, 1000).ToArray());
        NetworkBase<float> net = regression ? new MseNet.Network<float>(1) : new DigitsMlp.Network<float>(1);
        net.EnsureCapacity(64);
        TrainingOptions Options(int batch) => new()
        {
            Epochs = 1, BatchSize = batch, Optimizer = new AdamW(1e-3f), MaxNorm = 2, Mixup = 0.4,
            Precision = StoragePrecision.Float16, LossScaling = LossScaling.Dynamic,
        };
        long Measure(int batch)
        {
            TrainingOptions options = Options(batch);
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Fit(data, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Measure(64); Measure(8);
        long few = Measure(64), many = Measure(8);
        Assert.True(many - few < 512, $"an epoch of 125 steps allocated {many} bytes, one of 16 steps {few}");
    }
}
