using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Layers.LayerTestSupport;

namespace ModelGen.Tests.Layers;

public unsafe class NormalizationTests
{
    private const int Rows = 5, Width = 19;
    private const double Epsilon = 1e-5;

    public static TheoryData<SimdTier> AllTiers() => Tiers();

    // ---- kernel calls on double[] ----

    internal static double[] GroupNorm<T>(double[] x, double[] gamma, double[] beta, int rows, int width, int groups, double epsilon,
        out double[] mean, out double[] invStd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = To<T>(x), g = To<T>(gamma), b = To<T>(beta), y = new T[x.Length], m = new T[rows * groups], s = new T[rows * groups];
        fixed (T* px = xs, pg = g, pb = b, py = y, pm = m, ps = s)
            Normalization.GroupNormForward(px, rows, width, groups, T.CreateTruncating(epsilon), pg, pb, py, pm, ps);
        mean = ToDouble(m);
        invStd = ToDouble(s);
        return ToDouble(y);
    }

    private static double[][] GroupNormBackward(double[] x, double[] dy, double[] gamma, double[] mean, double[] invStd, int rows, int width, int groups)
    {
        double[] dx = new double[x.Length], dGamma = Filled(width), dBeta = Filled(width);
        fixed (double* px = x, pdy = dy, pg = gamma, pm = mean, ps = invStd, pdx = dx, pdg = dGamma, pdb = dBeta)
            Normalization.GroupNormBackward(px, pdy, rows, width, groups, pg, pm, ps, pdx, pdg, pdb);
        return [dx, dGamma, dBeta];
    }

    private static double[] RmsNorm<T>(double[] x, double[] gamma, int rows, int width, out double[] invRms) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = To<T>(x), g = To<T>(gamma), y = new T[x.Length], s = new T[rows];
        fixed (T* px = xs, pg = g, py = y, ps = s)
            Normalization.RmsNormForward(px, rows, width, T.CreateTruncating(Epsilon), pg, py, ps);
        invRms = ToDouble(s);
        return ToDouble(y);
    }

    private static double[] BatchNorm<T>(double[] x, double[] gamma, double[] beta, int rows, int width, double momentum,
        double[] runningMean, double[] runningVar, bool training, out double[] mean, out double[] invStd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = To<T>(x), g = To<T>(gamma), b = To<T>(beta), y = new T[x.Length], m = new T[width], s = new T[width];
        T[] rm = To<T>(runningMean), rv = To<T>(runningVar);
        fixed (T* px = xs, pg = g, pb = b, py = y, pm = m, ps = s, prm = rm, prv = rv)
            Normalization.BatchNormForward(px, rows, width, T.CreateTruncating(Epsilon), T.CreateTruncating(momentum), pg, pb, py, pm, ps, prm, prv, training);
        Array.Copy(ToDouble(rm), runningMean, width);
        Array.Copy(ToDouble(rv), runningVar, width);
        mean = ToDouble(m);
        invStd = ToDouble(s);
        return ToDouble(y);
    }

    /// <summary>Gradient outputs start as garbage, so a kernel that accumulates instead of overwriting fails.</summary>
    private static double[] Filled(int length) => Enumerable.Repeat(123.0, length).ToArray();

    // ---- gradient checks ----

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void LayerNormGradientsMatchFiniteDifferences(SimdTier tier) => AtTier(tier, () => CheckGroupNormGradients(Rows, Width, 1));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void GroupNormGradientsMatchFiniteDifferences(SimdTier tier) => AtTier(tier, () => CheckGroupNormGradients(Rows, 3 * 13, 3));

    private static void CheckGroupNormGradients(int rows, int width, int groups)
    {
        double[] x = Random(rows * width, 1, scale: 2, offset: 0.5), gamma = Random(width, 2, offset: 1), beta = Random(width, 3);
        CheckGradients([x, gamma, beta], ["x", "gamma", "beta"],
            p => GroupNorm<double>(p[0], p[1], p[2], rows, width, groups, Epsilon, out _, out _),
            (p, dy) =>
            {
                GroupNorm<double>(p[0], p[1], p[2], rows, width, groups, Epsilon, out double[] mean, out double[] invStd);
                return GroupNormBackward(p[0], dy, p[1], mean, invStd, rows, width, groups);
            });
    }

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void RmsNormGradientsMatchFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(Rows * Width, 4, scale: 2), gamma = Random(Width, 5, offset: 1);
        CheckGradients([x, gamma], ["x", "gamma"],
            p => RmsNorm<double>(p[0], p[1], Rows, Width, out _),
            (p, dy) =>
            {
                RmsNorm<double>(p[0], p[1], Rows, Width, out double[] invRms);
                double[] dx = new double[p[0].Length], dGamma = Filled(Width);
                fixed (double* px = p[0], pdy = dy, pg = p[1], ps = invRms, pdx = dx, pdg = dGamma)
                    Normalization.RmsNormBackward(px, pdy, Rows, Width, pg, ps, pdx, pdg);
                return [dx, dGamma];
            });
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void BatchNormTrainingGradientsMatchFiniteDifferences(SimdTier tier) => AtTier(tier, () => CheckBatchNormGradients(training: true));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void BatchNormEvaluationGradientsMatchFiniteDifferences(SimdTier tier) => AtTier(tier, () => CheckBatchNormGradients(training: false));

    private static void CheckBatchNormGradients(bool training)
    {
        double[] x = Random(Rows * Width, 6, scale: 2, offset: 0.3), gamma = Random(Width, 7, offset: 1), beta = Random(Width, 8);
        double[] runningMean = Random(Width, 9), runningVar = Random(Width, 10, scale: 0.5, offset: 1);
        double[] Forward(double[][] p, out double[] mean, out double[] invStd)
            => BatchNorm<double>(p[0], p[1], p[2], Rows, Width, 0.1, (double[])runningMean.Clone(), (double[])runningVar.Clone(), training, out mean, out invStd);
        CheckGradients([x, gamma, beta], ["x", "gamma", "beta"],
            p => Forward(p, out _, out _),
            (p, dy) =>
            {
                Forward(p, out double[] mean, out double[] invStd);
                double[] dx = new double[p[0].Length], dGamma = Filled(Width), dBeta = Filled(Width);
                fixed (double* px = p[0], pdy = dy, pg = p[1], pm = mean, ps = invStd, pdx = dx, pdg = dGamma, pdb = dBeta)
                    Normalization.BatchNormBackward(px, pdy, Rows, Width, pg, pm, ps, pdx, pdg, pdb, training);
                return [dx, dGamma, dBeta];
            });
    }

    // ---- forward values ----

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void GroupNormMatchesADoubleReference(SimdTier tier) => AtTier(tier, () =>
    {
        const int width = 3 * 13, groups = 3;
        double[] x = Random(Rows * width, 11, scale: 3), gamma = Random(width, 12, offset: 1), beta = Random(width, 13);
        double[] y = GroupNorm<double>(x, gamma, beta, Rows, width, groups, Epsilon, out double[] mean, out double[] invStd);
        int length = width / groups;
        for (int r = 0; r < Rows; r++)
        for (int g = 0; g < groups; g++)
        {
            double[] slice = x.Skip(r * width + g * length).Take(length).ToArray();
            double m = slice.Average(), variance = slice.Select(v => (v - m) * (v - m)).Average();
            double s = 1 / Math.Sqrt(variance + Epsilon);
            Assert.Equal(m, mean[r * groups + g], 1e-14);
            Assert.Equal(s, invStd[r * groups + g], 1e-12);
            for (int i = 0; i < length; i++)
            {
                int c = g * length + i;
                Assert.Equal((slice[i] - m) * s * gamma[c] + beta[c], y[r * width + c], 1e-12);
            }
        }
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void LayerNormRowsHaveMeanZeroAndVarianceOneBeforeGamma(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(Rows * Width, 14, scale: 5, offset: 2);
        double[] y = GroupNorm<double>(x, Ones(Width), new double[Width], Rows, Width, 1, 0, out _, out _);
        for (int r = 0; r < Rows; r++)
        {
            double[] row = y.Skip(r * Width).Take(Width).ToArray();
            Assert.Equal(0, row.Average(), 1e-14);
            Assert.Equal(1, row.Select(v => v * v).Average(), 1e-13);
        }
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void RmsNormMatchesADoubleReference(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(Rows * Width, 15, scale: 3), gamma = Random(Width, 16, offset: 1);
        double[] y = RmsNorm<double>(x, gamma, Rows, Width, out double[] invRms);
        for (int r = 0; r < Rows; r++)
        {
            double s = 1 / Math.Sqrt(x.Skip(r * Width).Take(Width).Select(v => v * v).Average() + Epsilon);
            Assert.Equal(s, invRms[r], 1e-12);
            for (int c = 0; c < Width; c++)
                Assert.Equal(x[r * Width + c] * s * gamma[c], y[r * Width + c], 1e-12);
        }
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void BatchNormRunningStatisticsFollowPyTorchOverTwoSteps(SimdTier tier) => AtTier(tier, () =>
    {
        const double momentum = 0.1;
        double[] runningMean = new double[Width], runningVar = Ones(Width);
        double[] expectedMean = new double[Width], expectedVar = Ones(Width);
        for (int step = 0; step < 2; step++)
        {
            double[] x = Random(Rows * Width, 20 + step, scale: 2, offset: step);
            double[] y = BatchNorm<double>(x, Ones(Width), new double[Width], Rows, Width, momentum, runningMean, runningVar, true, out double[] mean, out double[] invStd);
            for (int c = 0; c < Width; c++)
            {
                double[] column = Enumerable.Range(0, Rows).Select(r => x[r * Width + c]).ToArray();
                double m = column.Average(), biased = column.Select(v => (v - m) * (v - m)).Average();
                expectedMean[c] = (1 - momentum) * expectedMean[c] + momentum * m;
                expectedVar[c] = (1 - momentum) * expectedVar[c] + momentum * biased * Rows / (Rows - 1);
                Assert.Equal(m, mean[c], 1e-14);
                Assert.Equal(1 / Math.Sqrt(biased + Epsilon), invStd[c], 1e-12);
                for (int r = 0; r < Rows; r++)
                    Assert.Equal((column[r] - m) / Math.Sqrt(biased + Epsilon), y[r * Width + c], 1e-12);
            }
            AssertClose(expectedMean, runningMean, 1e-14, $"step {step} running mean");
            AssertClose(expectedVar, runningVar, 1e-14, $"step {step} running variance");
        }
    });

    [Fact]
    public void BatchNormOfASingleRowMovesTheRunningVarianceByTheBiasedVariance()
    {
        double[] runningMean = new double[Width], runningVar = Ones(Width);
        BatchNorm<double>(Random(Width, 23), Ones(Width), new double[Width], 1, Width, 0.5, runningMean, runningVar, true, out _, out _);
        Assert.All(runningVar, v => Assert.Equal(0.5, v, 1e-15));
    }

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void BatchNormEvaluationUsesTheRunningStatistics(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(Rows * Width, 24, scale: 2), gamma = Random(Width, 25, offset: 1), beta = Random(Width, 26);
        double[] runningMean = Random(Width, 27), runningVar = Random(Width, 28, scale: 0.5, offset: 1);
        double[] savedMean = (double[])runningMean.Clone(), savedVar = (double[])runningVar.Clone();
        double[] y = BatchNorm<double>(x, gamma, beta, Rows, Width, 0.1, runningMean, runningVar, false, out double[] mean, out double[] invStd);
        Assert.Equal(savedMean, runningMean);
        Assert.Equal(savedVar, runningVar);
        for (int c = 0; c < Width; c++)
        {
            double s = 1 / Math.Sqrt(savedVar[c] + Epsilon);
            Assert.Equal(savedMean[c], mean[c]);
            Assert.Equal(s, invStd[c], 1e-14);
            for (int r = 0; r < Rows; r++)
                Assert.Equal((x[r * Width + c] - savedMean[c]) * s * gamma[c] + beta[c], y[r * Width + c], 1e-12);
        }
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void FloatAgreesWithDouble(SimdTier tier) => AtTier(tier, () =>
    {
        const int width = 3 * 13;
        double[] x = Random(Rows * width, 29, scale: 3), gamma = Random(width, 30, offset: 1), beta = Random(width, 31);
        // Round the inputs to float first so both precisions see the same numbers.
        x = ToDouble(To<float>(x)); gamma = ToDouble(To<float>(gamma)); beta = ToDouble(To<float>(beta));
        AssertClose(GroupNorm<double>(x, gamma, beta, Rows, width, 3, Epsilon, out _, out _),
            GroupNorm<float>(x, gamma, beta, Rows, width, 3, Epsilon, out _, out _), 2e-6, "GroupNorm");
        AssertClose(RmsNorm<double>(x, gamma, Rows, width, out _), RmsNorm<float>(x, gamma, Rows, width, out _), 2e-6, "RmsNorm");
        double[] rm = new double[width], rv = Ones(width), rmf = new double[width], rvf = Ones(width);
        AssertClose(BatchNorm<double>(x, gamma, beta, Rows, width, 0.1, rm, rv, true, out _, out _),
            BatchNorm<float>(x, gamma, beta, Rows, width, 0.1, rmf, rvf, true, out _, out _), 2e-6, "BatchNorm");
        AssertClose(rv, rvf, 2e-6, "BatchNorm running variance");
    });

    // ---- stability ----

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void ConstantRowsNormalizeToBeta(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Enumerable.Repeat(3.25, Rows * Width).ToArray(), gamma = Random(Width, 32, offset: 1), beta = ToDouble(To<float>(Random(Width, 33)));
        double[] expected = Enumerable.Range(0, Rows * Width).Select(i => beta[i % Width]).ToArray();
        AssertClose(expected, GroupNorm<float>(x, gamma, beta, Rows, Width, 1, Epsilon, out _, out _), 0, "LayerNorm float");
        AssertClose(expected, GroupNorm<double>(x, gamma, beta, Rows, Width, 1, Epsilon, out _, out _), 0, "LayerNorm double");
        double[] rm = new double[Width], rv = Ones(Width);
        AssertClose(expected, BatchNorm<float>(x, gamma, beta, Rows, Width, 0.1, rm, rv, true, out _, out _), 0, "BatchNorm float");
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void LayerNormOfALargeOffsetRowStaysAccurateInFloat(SimdTier tier) => AtTier(tier, () =>
    {
        const int width = 67;
        // 1e4 + noise of 0.05: E[x²] - E[x]² in float would lose every digit of the variance.
        double[] x = ToDouble(To<float>(Random(Rows * width, 34, scale: 0.05, offset: 1e4)));
        double[] expected = GroupNorm<double>(x, Ones(width), new double[width], Rows, width, 1, 0, out _, out _);
        double[] actual = GroupNorm<float>(x, Ones(width), new double[width], Rows, width, 1, 0, out _, out _);
        AssertClose(expected, actual, 1e-5, "LayerNorm float at offset 1e4");
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void BatchNormOfALargeFloatBatchStaysAccurate(SimdTier tier) => AtTier(tier, () =>
    {
        const int rows = 4096;
        double[] x = ToDouble(To<float>(Random(rows * Width, 35, scale: 1, offset: 100)));
        double[] rm = new double[Width], rv = Ones(Width), rmf = new double[Width], rvf = Ones(Width);
        double[] expected = BatchNorm<double>(x, Ones(Width), new double[Width], rows, Width, 0.1, rm, rv, true, out double[] mean, out double[] invStd);
        double[] actual = BatchNorm<float>(x, Ones(Width), new double[Width], rows, Width, 0.1, rmf, rvf, true, out double[] meanF, out double[] invStdF);
        AssertClose(mean, meanF, 2e-7, "mean");
        AssertClose(invStd, invStdF, 2e-6, "invStd");
        AssertClose(rv, rvf, 2e-6, "running variance");
        AssertClose(expected, actual, 2e-5, "output");
    });

    [Fact]
    public void BadArgumentsAreRefusedWithTheFix()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GroupNorm<double>(new double[20], Ones(10), new double[10], 2, 10, 3, Epsilon, out _, out _));
        Assert.Contains("multiple of groups", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupNorm<double>(new double[20], Ones(10), new double[10], 2, 10, 1, -1, out _, out _));
    }

    private static double[] Ones(int length) => Enumerable.Repeat(1.0, length).ToArray();
}
