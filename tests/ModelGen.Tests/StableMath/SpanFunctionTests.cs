using SM = ModelGen.StableMath;

namespace ModelGen.Tests.StableMath;

/// <summary>
/// Span functions over lengths that exercise both the vector body and the scalar tail, against
/// scalar references; special rows; aliasing; argument checks; and zero allocation.
/// </summary>
public sealed class SpanFunctionTests
{
    private static double[] RandomVector(int length, double scale, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = (random.NextDouble() * 2 - 1) * scale;
        return values;
    }

    public static TheoryData<int> Lengths() => new([1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 1001]);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void LogSumExpMatchesAFoldOfLogAddExp(int length)
    {
        foreach (double scale in new[] { 1.0, 50.0, 1000.0 })
        {
            double[] x = RandomVector(length, scale, length);
            double expected = x.Aggregate(double.NegativeInfinity, SM.LogAddExp);
            double actual = SM.LogSumExp<double>(x);
            Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"{actual} vs {expected}");
            float[] xf = x.Select(v => (float)v).ToArray();
            double expectedFloat = xf.Aggregate(double.NegativeInfinity, (a, v) => SM.LogAddExp(a, v));
            Assert.True(Ulp.Distance(SM.LogSumExp<float>(xf), (float)expectedFloat) <= 1);
            Half[] xh = xf.Select(v => (Half)v).ToArray();
            double expectedHalf = xh.Aggregate(double.NegativeInfinity, (a, v) => SM.LogAddExp(a, (double)v));
            Assert.True(Ulp.Distance(SM.LogSumExp<Half>(xh), (Half)expectedHalf) <= 1);
        }
    }

    [Fact]
    public void LogSumExpSpecialRows()
    {
        Assert.Equal(double.NegativeInfinity, SM.LogSumExp<double>([]));
        Assert.Equal(double.NegativeInfinity, SM.LogSumExp<double>([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(2.0, SM.LogSumExp<double>([double.NegativeInfinity, 2.0, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(double.PositiveInfinity, SM.LogSumExp<double>([1, double.PositiveInfinity, 3]));
        Assert.True(double.IsNaN(SM.LogSumExp<double>([1, 2, 3, 4, 5, 6, double.NaN, 8, 9])));
        Assert.True(float.IsNaN(SM.LogSumExp<float>([1, 2, 3, 4, 5, 6, float.NaN, 8, 9])));
        Assert.Equal(-745.0 + Math.Log(9), SM.LogSumExp<double>(Enumerable.Repeat(-745.0, 9).ToArray()), 12);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SoftmaxMatchesTheShiftedDefinitionAndSumsToOne(int length)
    {
        double[] x = RandomVector(length, 30, length + 1);
        var y = new double[length];
        SM.Softmax<double>(x, y);
        double lse = SM.LogSumExp<double>(x);
        for (int i = 0; i < length; i++)
            Assert.True(Math.Abs(y[i] - Math.Exp(x[i] - lse)) <= 1e-13 * y[i] + 1e-300, $"{i}: {y[i]}");
        Assert.Equal(1.0, y.Sum(), 1e-13);

        float[] xf = x.Select(v => (float)v).ToArray();
        var yf = new float[length];
        SM.Softmax<float>(xf, yf);
        double lsef = xf.Aggregate(double.NegativeInfinity, (a, v) => SM.LogAddExp(a, v));
        for (int i = 0; i < length; i++)
            Assert.True(Ulp.Distance(yf[i], (float)Math.Exp(xf[i] - lsef)) <= 2 || yf[i] < 1e-37f, $"{i}: {yf[i]}");

        // In place, and through the generic path for Half.
        SM.Softmax<float>(xf, xf);
        Assert.Equal(yf, xf);
        Half[] xh = x.Select(v => (Half)v).ToArray();
        var yh = new Half[length];
        SM.Softmax<Half>(xh, yh);
        Assert.Equal(1.0, yh.Sum(h => (double)h), 0.01);

        var logY = new double[length];
        SM.LogSoftmax<double>(x, logY);
        for (int i = 0; i < length; i++)
            Assert.Equal(x[i] - lse, logY[i]);
    }

    [Fact]
    public void SoftmaxRejectsAShortDestinationAndMarksImpossibleRows()
    {
        Assert.Throws<ArgumentException>(() => SM.Softmax<double>(new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => SM.LogSoftmax<float>(new float[3], new float[2]));
        var y = new double[2];
        SM.Softmax<double>([double.NegativeInfinity, double.NegativeInfinity], y);
        Assert.All(y, v => Assert.True(double.IsNaN(v)));
        SM.Softmax<double>([double.NegativeInfinity, 0], y);
        Assert.Equal([0.0, 1.0], y);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void NormMatchesTheExactSumOfSquares(int length)
    {
        foreach (double scale in new[] { 1.0, 1e-200, 1e200, 1e-310 })
        {
            double[] x = RandomVector(length, scale, length + 2);
            double unscaled = Math.Sqrt(x.Sum(v => (v / scale) * (v / scale))) * scale;
            Assert.True(Math.Abs(SM.Norm<double>(x) - unscaled) <= 1e-14 * unscaled + 1e-320, $"{SM.Norm<double>(x)} vs {unscaled}");
        }
        float[] xf = RandomVector(length, 1e30, length).Select(v => (float)v).ToArray();
        double exact = Math.Sqrt(xf.Sum(v => (double)v * v));
        Assert.Equal((float)exact, SM.Norm<float>(xf));
        Half[] xh = RandomVector(length, 60000, length).Select(v => (Half)v).ToArray();
        Assert.Equal((Half)Math.Sqrt(xh.Sum(v => (double)v * (double)v)), SM.Norm<Half>(xh));
    }

    [Fact]
    public void NormSpecialValues()
    {
        Assert.Equal(0.0, SM.Norm<double>([]));
        Assert.Equal(0.0, SM.Norm<double>([0, -0.0]));
        Assert.Equal(double.PositiveInfinity, SM.Norm<double>([1, double.NaN, double.NegativeInfinity]));
        Assert.True(double.IsNaN(SM.Norm<double>([1, double.NaN])));
        Assert.Equal(double.PositiveInfinity, SM.Norm<double>([double.MaxValue, double.MaxValue]));
        Assert.Equal(double.Epsilon, SM.Norm<double>([double.Epsilon]));
    }

    [Fact]
    public void NormalizeAndCosineSimilarity()
    {
        double[] x = [3e300, 4e300];
        var y = new double[2];
        SM.Normalize<double>(x, y, 1e-12);
        Assert.Equal(0.6, y[0], 15);
        Assert.Equal(0.8, y[1], 15);
        SM.Normalize<double>([1e-13, 0], y, 1e-12);
        Assert.Equal(0.1, y[0], 15);
        float[] xf = [3e-30f, 4e-30f];
        SM.Normalize<float>(xf, xf, 1e-38f);
        Assert.Equal(0.6f, xf[0], 6);
        Assert.Equal(1.0, SM.CosineSimilarity<double>([1e300, 1e300], [2e300, 2e300], 1e-8), 15);
        Assert.Equal(-1.0, SM.CosineSimilarity<double>([1e-300, 0], [-1e-300, 0], 1e-320), 15);
        Assert.Equal(0f, SM.CosineSimilarity<float>([0f, 0f], [1f, 2f], 1e-8f));
        Assert.Equal(1.0, (double)SM.CosineSimilarity<Half>([(Half)1, (Half)2], [(Half)2, (Half)4], (Half)1e-4), 3);
        Assert.Throws<ArgumentException>(() => SM.CosineSimilarity<double>(new double[2], new double[3], 1e-8));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SumsAreCompensated(int length)
    {
        // A large value, many small ones, then the large value removed: plain summation loses the small ones.
        var x = new double[length + 2];
        x[0] = 1e16;
        for (int i = 1; i <= length; i++)
            x[i] = 1.0;
        x[^1] = -1e16;
        Assert.Equal(length, SM.Sum(x));
        float[] xf = RandomVector(length, 1e6, length).Select(v => (float)v).ToArray();
        Assert.Equal((float)xf.Sum(v => (decimal)(double)v), SM.Sum(xf)); // (decimal)float keeps only 7 digits
    }

    [Fact]
    public void MeanVarianceMatchesExactArithmetic()
    {
        var random = new Random(7);
        double[] x = Enumerable.Range(0, 1000).Select(_ => 1e12 + random.Next(-1000, 1000)).ToArray();
        decimal mean = x.Sum(v => (decimal)v) / x.Length;
        decimal squares = x.Sum(v => ((decimal)v - mean) * ((decimal)v - mean));
        var (m, variance) = SM.MeanVariance<double>(x);
        Assert.Equal((double)mean, m);
        AssertRelative((double)(squares / x.Length), variance, 1e-12);
        AssertRelative((double)(squares / (x.Length - 1)), SM.SampleVariance<double>(x), 1e-12);

        var welford = new WelfordAccumulator();
        var left = new WelfordAccumulator();
        var right = new WelfordAccumulator();
        for (int i = 0; i < x.Length; i++)
        {
            welford.Add(x[i]);
            if (i < 300)
                left.Add(x[i]);
            else
                right.Add(x[i]);
        }
        Assert.Equal(x.Length, welford.Count);
        AssertRelative((double)mean, welford.Mean, 1e-15);
        AssertRelative((double)(squares / x.Length), welford.Variance, 1e-12);
        left.Add(right);
        Assert.Equal(welford.Count, left.Count);
        AssertRelative(welford.Variance, left.Variance, 1e-12);
        AssertRelative(welford.SampleVariance, left.SampleVariance, 1e-12);
    }

    private static void AssertRelative(double expected, double actual, double tolerance)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void StatisticsOfTooFewValuesAreNaN()
    {
        Assert.True(double.IsNaN(SM.MeanVariance<double>([]).Mean));
        Assert.True(double.IsNaN(SM.SampleVariance<double>([1.0])));
        var empty = new WelfordAccumulator();
        Assert.True(double.IsNaN(empty.Mean) && double.IsNaN(empty.Variance) && double.IsNaN(empty.SampleVariance));
        empty.Add(5);
        Assert.Equal(5.0, empty.Mean);
        Assert.Equal(0.0, empty.Variance);
        Assert.True(double.IsNaN(empty.SampleVariance));
        Assert.Equal(((Half)2, (Half)1), SM.MeanVariance<Half>([(Half)1, (Half)3]));
    }

    [Fact]
    public void SpanFunctionsDoNotAllocate()
    {
        double[] x = RandomVector(1000, 20, 3);
        double[] y = new double[1000];
        float[] xf = x.Select(v => (float)v).ToArray();
        float[] yf = new float[1000];
        Half[] xh = xf.Select(v => (Half)v).ToArray();
        Half[] yh = new Half[1000];

        void RunAll()
        {
            SM.LogSumExp<double>(x); SM.LogSumExp<float>(xf); SM.LogSumExp<Half>(xh);
            SM.Softmax<double>(x, y); SM.Softmax<float>(xf, yf); SM.Softmax<Half>(xh, yh);
            SM.LogSoftmax<double>(x, y); SM.LogSoftmax<float>(xf, yf);
            SM.Norm<double>(x); SM.Norm<float>(xf); SM.Norm<Half>(xh);
            SM.Normalize<double>(x, y, 1e-12); SM.Normalize<float>(xf, yf, 1e-12f);
            SM.CosineSimilarity<double>(x, y, 1e-8); SM.CosineSimilarity<float>(xf, yf, 1e-8f);
            SM.Sum(x); SM.Sum(xf); SM.Sum(xh);
            SM.MeanVariance<double>(x); SM.MeanVariance<float>(xf); SM.SampleVariance<Half>(xh);
            var welford = new WelfordAccumulator();
            welford.Add(1.0);
            SM.Erfc(3.0); SM.LogGamma(20.0); SM.LogAddExp(1.0, 2.0); SM.BinaryCrossEntropyWithLogits(1.0, 0.3);
        }

        RunAll(); // JIT and static initialisation first
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
