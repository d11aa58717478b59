using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Layers.LayerTestSupport;

namespace ModelGen.Tests.Layers;

public unsafe class TensorOpsTests
{
    private const int Rows = 5, Width = 19, Count = Rows * Width;
    private const double InverseTemperature = 0.7;

    public static TheoryData<SimdTier> AllTiers() => Tiers();

    private delegate void Unary<T>(T* x, T* y, int count) where T : unmanaged;
    private delegate void Binary<T>(T* a, T* b, T* y, int count) where T : unmanaged;
    private delegate void RowOp<T>(T* x, int rows, int width, T inverseTemperature, T* y) where T : unmanaged;
    private delegate void RowBackward<T>(T* y, T* dy, int rows, int width, T inverseTemperature, T* dx) where T : unmanaged;

    private static double[] Apply<T>(Unary<T> op, double[] x, int outputLength = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = To<T>(x), y = new T[outputLength < 0 ? x.Length : outputLength];
        fixed (T* px = xs, py = y) op(px, py, x.Length);
        return ToDouble(y);
    }

    private static double[] Apply<T>(Binary<T> op, double[] a, double[] b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] pa = To<T>(a), pb = To<T>(b), y = Enumerable.Repeat(T.CreateTruncating(99), a.Length).ToArray();
        fixed (T* xa = pa, xb = pb, py = y) op(xa, xb, py, a.Length);
        return ToDouble(y);
    }

    private static double[] RowWise<T>(RowOp<T> op, double[] x, double invT = InverseTemperature) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = To<T>(x), y = new T[x.Length];
        fixed (T* px = xs, py = y) op(px, Rows, Width, T.CreateTruncating(invT), py);
        return ToDouble(y);
    }

    private static double[] RowsBackward(RowBackward<double> op, double[] y, double[] dy)
    {
        double[] dx = Enumerable.Repeat(99.0, y.Length).ToArray();
        fixed (double* py = y, pdy = dy, pdx = dx) op(py, pdy, Rows, Width, InverseTemperature, pdx);
        return dx;
    }

    private static double[] LogSumExp<T>(double[] x, int rows = Rows, int width = Width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xs = To<T>(x), y = new T[rows];
        fixed (T* px = xs, py = y) TensorOps.LogSumExp(px, rows, width, py);
        return ToDouble(y);
    }

    // ---- gradient checks ----

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void SoftmaxGradientMatchesFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
        CheckGradients([Random(Count, 1, scale: 3)], ["x"], p => RowWise<double>(TensorOps.Softmax, p[0]),
            (p, dy) => [RowsBackward(TensorOps.SoftmaxBackward, RowWise<double>(TensorOps.Softmax, p[0]), dy)]));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void LogSoftmaxGradientMatchesFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
        CheckGradients([Random(Count, 2, scale: 3)], ["x"], p => RowWise<double>(TensorOps.LogSoftmax, p[0]),
            (p, dy) => [RowsBackward(TensorOps.LogSoftmaxBackward, RowWise<double>(TensorOps.LogSoftmax, p[0]), dy)]));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void LogSumExpGradientMatchesFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
        CheckGradients([Random(Count, 3, scale: 3)], ["x"], p => LogSumExp<double>(p[0]),
            (p, dy) =>
            {
                double[] y = LogSumExp<double>(p[0]), dx = new double[Count];
                fixed (double* px = p[0], py = y, pdy = dy, pdx = dx) TensorOps.LogSumExpBackward(px, py, pdy, Rows, Width, pdx);
                return [dx];
            }));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void LogGradientMatchesFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
        CheckGradients([Random(Count, 4, scale: 1, offset: 2)], ["x"], p => Apply<double>(TensorOps.Log, p[0]),
            (p, dy) => [Apply<double>((x, d, dx, n) => TensorOps.LogBackward(x, d, dx, n), p[0], dy)]));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void ExpGradientMatchesFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
        CheckGradients([Random(Count, 5, scale: 3)], ["x"], p => Apply<double>(TensorOps.Exp, p[0]),
            (p, dy) => [Apply<double>((y, d, dx, n) => TensorOps.ExpBackward(y, d, dx, n), Apply<double>(TensorOps.Exp, p[0]), dy)]));

    // ---- values ----

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void ElementwiseOperationsMatchScalarArithmetic(SimdTier tier) => AtTier(tier, () =>
    {
        double[] a = Random(Count, 6, scale: 3), b = Random(Count, 7, scale: 3, offset: 4);
        Assert.Equal(a.Zip(b, (x, y) => x + y), Apply<double>(TensorOps.Add, a, b));
        Assert.Equal(a.Zip(b, (x, y) => x - y), Apply<double>(TensorOps.Subtract, a, b));
        Assert.Equal(a.Zip(b, (x, y) => x * y), Apply<double>(TensorOps.Multiply, a, b));
        Assert.Equal(a.Select(x => -2.5 * x), Apply<double>((x, y, n) => TensorOps.Scale(x, -2.5, y, n), a));
        Assert.Equal(a, Apply<double>((x, y, n) => TensorOps.Copy(x, y, n), a));
        AssertClose(b.Select(x => Math.Log(x)).ToArray(), Apply<double>(TensorOps.Log, b), 4e-16 * 8, "log");
        AssertClose(a.Select(Math.Exp).ToArray(), Apply<double>(TensorOps.Exp, a), 4e-16 * 8, "exp");
        AssertClose(b.Select(x => (float)Math.Log((float)x)).Select(x => (double)x).ToArray(), Apply<float>(TensorOps.Log, b), 3e-7, "log float");
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void OutputsMayAliasInputs(SimdTier tier) => AtTier(tier, () =>
    {
        double[] a = Random(Count, 8), b = Random(Count, 9);
        double[] sum = a.Zip(b, (x, y) => x + y).ToArray();
        double[] inPlace = (double[])a.Clone();
        fixed (double* pa = inPlace, pb = b) TensorOps.Add(pa, pb, pa, Count);
        Assert.Equal(sum, inPlace);
        inPlace = (double[])a.Clone();
        fixed (double* pa = inPlace, pb = b) TensorOps.Accumulate(pa, pb, Count);
        Assert.Equal(sum, inPlace);
        inPlace = (double[])a.Clone();
        fixed (double* pa = inPlace) TensorOps.Scale(pa, 3.0, pa, Count);
        Assert.Equal(a.Select(x => 3 * x), inPlace);
        double[] softmax = RowWise<double>(TensorOps.Softmax, a);
        inPlace = (double[])a.Clone();
        fixed (double* pa = inPlace) TensorOps.Softmax(pa, Rows, Width, InverseTemperature, pa);
        Assert.Equal(softmax, inPlace);
        double[] logSoftmax = RowWise<double>(TensorOps.LogSoftmax, a);
        inPlace = (double[])a.Clone();
        fixed (double* pa = inPlace) TensorOps.LogSoftmax(pa, Rows, Width, InverseTemperature, pa);
        Assert.Equal(logSoftmax, inPlace);
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void SoftmaxFamilyMatchesADoubleReference(SimdTier tier) => AtTier(tier, () =>
    {
        double[] x = Random(Count, 10, scale: 4);
        double[] softmax = RowWise<double>(TensorOps.Softmax, x), logSoftmax = RowWise<double>(TensorOps.LogSoftmax, x);
        double[] lse = LogSumExp<double>(x);
        for (int r = 0; r < Rows; r++)
        {
            double[] row = x.Skip(r * Width).Take(Width).ToArray();
            double reference = Math.Log(row.Sum(Math.Exp));
            Assert.Equal(reference, lse[r], 1e-14);
            double scaled = Math.Log(row.Sum(v => Math.Exp(InverseTemperature * v)));
            for (int c = 0; c < Width; c++)
            {
                Assert.Equal(Math.Exp(InverseTemperature * row[c] - scaled), softmax[r * Width + c], 1e-15);
                Assert.Equal(InverseTemperature * row[c] - scaled, logSoftmax[r * Width + c], 1e-14);
            }
        }
        AssertClose(softmax, RowWise<float>(TensorOps.Softmax, x), 1e-6, "softmax float vs double");
        AssertClose(logSoftmax, RowWise<float>(TensorOps.LogSoftmax, x), 1e-6, "log-softmax float vs double");
        AssertClose(lse, LogSumExp<float>(x), 1e-6, "logsumexp float vs double");
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void SoftmaxFamilyIsStableAtPlusMinusAThousand(SimdTier tier) => AtTier(tier, () =>
    {
        // Each row: one 1000, one 999, the rest -1000 (the first row is all -1000).
        double[] x = Enumerable.Repeat(-1000.0, Count).ToArray();
        for (int r = 1; r < Rows; r++) { x[r * Width + r] = 1000; x[r * Width + r + 3] = 999; }
        double top = 1 / (1 + Math.Exp(-1));
        foreach (bool single in new[] { true, false })
        {
            double[] softmax = single ? RowWise<float>(TensorOps.Softmax, x, 1) : RowWise<double>(TensorOps.Softmax, x, 1);
            double[] logSoftmax = single ? RowWise<float>(TensorOps.LogSoftmax, x, 1) : RowWise<double>(TensorOps.LogSoftmax, x, 1);
            double[] lse = single ? LogSumExp<float>(x) : LogSumExp<double>(x);
            double tolerance = single ? 1e-6 : 1e-14;
            // A float near 1000 is only good to about 6e-5.
            double lseTolerance = single ? 1e-4 : 1e-12;
            Assert.Equal(-1000 + Math.Log(Width), lse[0], lseTolerance);
            Assert.Equal(1.0 / Width, softmax[0], tolerance);
            for (int r = 1; r < Rows; r++)
            {
                Assert.Equal(1000 + Math.Log(1 + Math.Exp(-1)), lse[r], lseTolerance);
                Assert.Equal(top, softmax[r * Width + r], tolerance);
                Assert.Equal(1 - top, softmax[r * Width + r + 3], tolerance);
                Assert.Equal(-Math.Log(1 + Math.Exp(-1)), logSoftmax[r * Width + r], tolerance);
                Assert.Equal(-2000 - Math.Log(1 + Math.Exp(-1)), logSoftmax[r * Width], 2 * lseTolerance);
            }
            Assert.All(softmax.Concat(logSoftmax).Concat(lse), v => Assert.True(double.IsFinite(v)));
        }
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void WideFloatRowsKeepTheirPrecision(SimdTier tier) => AtTier(tier, () =>
    {
        // A vocabulary-sized row: a running float sum of 100k terms would drift by about 1e-4.
        const int width = 100_003;
        double[] x = ToDouble(To<float>(Random(width, 13)));
        double reference = Math.Log(x.Sum(v => Math.Exp(v)));
        Assert.Equal(reference, LogSumExp<float>(x, 1, width)[0], 2e-6);
        float[] single = To<float>(x), probabilities = new float[width];
        fixed (float* px = single, pp = probabilities) TensorOps.Softmax(px, 1, width, 1f, pp);
        Assert.Equal(1, probabilities.Sum(p => (double)p), 1e-6);
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void CopyColumnsConcatenatesAndSlices(SimdTier tier) => AtTier(tier, () =>
    {
        const int left = 7, right = 12, total = left + right;
        double[] a = Random(Rows * left, 11), b = Random(Rows * right, 12), joined = new double[Rows * total];
        fixed (double* pa = a, pb = b, pj = joined)
        {
            TensorOps.CopyColumns(pa, Rows, left, 0, pj, total, 0, left);
            TensorOps.CopyColumns(pb, Rows, right, 0, pj, total, left, right);
        }
        for (int r = 0; r < Rows; r++)
        {
            Assert.Equal(a.Skip(r * left).Take(left), joined.Skip(r * total).Take(left));
            Assert.Equal(b.Skip(r * right).Take(right), joined.Skip(r * total + left).Take(right));
        }
        double[] slice = new double[Rows * right];
        fixed (double* pj = joined, ps = slice) TensorOps.CopyColumns(pj, Rows, total, left, ps, right, 0, right);
        Assert.Equal(b, slice);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            fixed (double* pj = joined, ps = slice) TensorOps.CopyColumns(pj, Rows, total, left + 1, ps, right, 0, right);
        });
        Assert.Contains("sourceOffset", e.Message);
    });
}
