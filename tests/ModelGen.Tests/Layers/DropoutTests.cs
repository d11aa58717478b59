using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Layers.LayerTestSupport;

namespace ModelGen.Tests.Layers;

public unsafe class DropoutTests
{
    private const int Count = 5 * 19;

    public static TheoryData<SimdTier> AllTiers() => Tiers();

    private static double[] Forward<T>(double[] x, double probability, ulong seed, bool training, out double[] mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = To<T>(x), y = new T[x.Length], m = Enumerable.Repeat(T.CreateTruncating(-7), x.Length).ToArray();
        fixed (T* px = xs, py = y, pm = m) Dropout.Forward(px, py, pm, x.Length, probability, seed, training);
        mask = ToDouble(m);
        return ToDouble(y);
    }

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void GradientMatchesFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
        CheckGradients([Random(Count, 1, scale: 2)], ["x"], p => Forward<double>(p[0], 0.3, 42, true, out _),
            (p, dy) =>
            {
                Forward<double>(p[0], 0.3, 42, true, out double[] mask);
                double[] dx = new double[Count];
                fixed (double* pdy = dy, pm = mask, pdx = dx) Dropout.Backward(pdy, pm, pdx, Count);
                return [dx];
            }));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void MaskIsDeterminedBySeedAndIndexAlone(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(1000, 2);
        double[] first = Forward<double>(x, 0.3, 42, true, out double[] mask);
        Assert.Equal(first, Forward<double>(x, 0.3, 42, true, out double[] again));
        Assert.Equal(mask, again);
        Forward<double>(x, 0.3, 43, true, out double[] other);
        Assert.NotEqual(mask, other);
        // float and double, and a prefix of the array, draw the same mask.
        Forward<float>(x, 0.3, 42, true, out double[] single);
        Assert.Equal(mask.Select(m => m != 0), single.Select(m => m != 0));
        Forward<double>(x[..77], 0.3, 42, true, out double[] prefix);
        Assert.Equal(mask[..77], prefix);
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void KeepFractionAndMeanAreWithinStatisticalBounds(SimdTier tier) => AtTier(tier, () =>
    {
        const int n = 100_000;
        const double p = 0.3;
        double[] x = Enumerable.Repeat(1.0, n).ToArray();
        double[] y = Forward<double>(x, p, 2026, true, out double[] mask);
        Assert.All(mask, m => Assert.True(m == 0 || Math.Abs(m - 1 / (1 - p)) < 1e-15));
        double kept = mask.Count(m => m != 0) / (double)n;
        // Five standard deviations of a binomial fraction: sqrt(p(1-p)/n) ≈ 0.00145.
        double bound = 5 * Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(kept, 1 - p - bound, 1 - p + bound);
        Assert.InRange(y.Average(), 1 - bound / (1 - p), 1 + bound / (1 - p));
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void EvaluationIsTheIdentityAndLeavesTheMask(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(Count, 3);
        Assert.Equal(x, Forward<double>(x, 0.5, 1, false, out double[] mask));
        Assert.All(mask, m => Assert.Equal(-7, m));
        double[] inPlace = (double[])x.Clone();
        fixed (double* p = inPlace) Dropout.Forward(p, p, null, Count, 0.5, 1, training: false);
        Assert.Equal(x, inPlace);
    });

    [Fact]
    public void ProbabilityZeroKeepsEverything()
    {
        double[] x = Random(Count, 4);
        Assert.Equal(x, Forward<double>(x, 0, 9, true, out double[] mask));
        Assert.All(mask, m => Assert.Equal(1, m));
    }

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void BackwardUsesTheForwardMaskInPlace(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(Count, 5), dy = Random(Count, 6);
        Forward<double>(x, 0.3, 77, true, out double[] mask);
        double[] dx = (double[])dy.Clone();
        fixed (double* pd = dx, pm = mask) Dropout.Backward(pd, pm, pd, Count);
        Assert.Equal(dy.Zip(mask, (d, m) => d * m), dx);
        Assert.Contains(0.0, dx);
    });

    [Fact]
    public void ProbabilityOutsideZeroToOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Forward<double>(new double[3], 1, 0, true, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Forward<double>(new double[3], -0.1, 0, true, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Forward<double>(new double[3], double.NaN, 0, true, out _));
    }
}
