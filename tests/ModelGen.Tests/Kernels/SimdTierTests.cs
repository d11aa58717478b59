using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

public class SimdTierTests
{
    /// <summary>
    /// CI repeats the numeric tests with the runtime's ISA switches and names the tier it expects in
    /// MODELGEN_EXPECT_TIER, so a switch the runtime silently ignores fails here instead of testing
    /// the same tier four times.
    /// </summary>
    [Fact]
    public void ActiveTierMatchesWhatCiExpects()
    {
        string? expected = Environment.GetEnvironmentVariable("MODELGEN_EXPECT_TIER");
        if (string.IsNullOrEmpty(expected)) return;
        Assert.Equal(Enum.Parse<SimdTier>(expected), Simd.BestSupported);
    }

    [Fact]
    public void TierWiderThanHardwareIsRefused()
    {
        if (Simd.BestSupported == SimdTier.Vector512) return;
        Assert.Throws<NotSupportedException>(() => Simd.Active = SimdTier.Vector512);
    }
}
