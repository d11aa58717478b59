using SM = ModelGen.StableMath;

namespace ModelGen.Tests.StableMath;

/// <summary>
/// The stability catalog's witnesses: each test runs the naive C# form and shows it fails at the
/// witness, then shows StableMath gets the correctly rounded value (computed with mpmath).
/// </summary>
public sealed class WitnessTests
{
    private static void AssertWithinUlp(double expected, double actual, long ulp = 1)
        => Assert.True(Ulp.Distance(actual, expected) <= ulp, $"expected {expected:R}, got {actual:R}");

    private static void AssertWithinUlp(float expected, float actual, long ulp = 1)
        => Assert.True(Ulp.Distance(actual, expected) <= ulp, $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Log1PKeepsTinyArgumentsThatOnePlusXRoundsAway()
    {
        Assert.Equal(0.0, Math.Log(1 + 1e-20));
        Assert.Equal(1e-20, SM.Log1P(1e-20));
        Assert.Equal(0.0, Math.Log(1 + 1e-17));
        Assert.Equal(1e-17, SM.Log1P(1e-17));
    }

    [Fact]
    public void Log1PIsAccurateWhereTheNaiveFormIsMerelyInaccurate()
    {
        Assert.Equal(1.000000082690371e-10, Math.Log(1 + 1e-10)); // relative error 8e-8
        AssertWithinUlp(9.999999999500001e-11, SM.Log1P(1e-10));
        Assert.Equal(1.332267629550187e-15, Math.Log(1 + 1.23e-15)); // dotnet/runtime#127508
        AssertWithinUlp(1.2299999999999993e-15, SM.Log1P(1.23e-15));
        AssertWithinUlp(-1.00000000005e-10, SM.Log1P(-1e-10)); // the Math.Log(1 - p) form
        Assert.Equal(1.001353e-5f, MathF.Log(1f + 1e-5f), 1e-11f);
        AssertWithinUlp(9.999949725170154e-06f, SM.Log1P(1e-5f));
        Assert.Equal(0.0, Math.Log(1e15 + 1) - Math.Log(1e15));
        AssertWithinUlp(9.999999999999995e-16, SM.Log1P(1 / 1e15));
    }

    [Fact]
    public void ExpM1KeepsRelativeAccuracyNearZero()
    {
        Assert.Equal(1.000000082740371e-10, Math.Exp(1e-10) - 1);
        AssertWithinUlp(1.00000000005e-10, SM.ExpM1(1e-10));
        Assert.Equal(0.0, Math.Exp(1e-17) - 1);
        Assert.Equal(1e-17, SM.ExpM1(1e-17));
        Assert.Equal(1.001358e-5f, MathF.Exp(1e-5f) - 1f, 1e-11f);
        AssertWithinUlp(1.0000049769587349e-05f, SM.ExpM1(1e-5f));
    }

    [Fact]
    public void SoftplusNeitherOverflowsNorLosesTheLeftTail()
    {
        Assert.Equal(double.PositiveInfinity, Math.Log(1 + Math.Exp(1000.0)));
        Assert.Equal(1000.0, SM.Softplus(1000.0));
        Assert.Equal(0.0, Math.Log(1 + Math.Exp(-40.0)));
        AssertWithinUlp(4.248354255291589e-18, SM.Softplus(-40.0));
        Assert.Equal(float.PositiveInfinity, MathF.Log(1 + MathF.Exp(100f)));
        Assert.Equal(100f, SM.Softplus(100f));
        Assert.Equal(0f, MathF.Log(1 + MathF.Exp(-20f)));
        AssertWithinUlp(2.06115369216775e-09f, SM.Softplus(-20f));
    }

    [Fact]
    public void SigmoidNeitherProducesNaNNorLosesTheComplement()
    {
        double large = 800;
        Assert.True(double.IsNaN(Math.Exp(large) / (1 + Math.Exp(large))));
        Assert.Equal(1.0, SM.Sigmoid(large));
        Assert.Equal(0.0, 1 - 1 / (1 + Math.Exp(-40.0))); // MG-ONE-MINUS-SIGMOID
        AssertWithinUlp(4.248354255291589e-18, SM.Sigmoid(-40.0));
        Assert.Equal(0f, 1f - 1f / (1f + MathF.Exp(-20f)));
        AssertWithinUlp(2.06115369216775e-09f, SM.Sigmoid(-20f));
        Assert.Equal(0.0, 1 / (1 + Math.Exp(740.0))); // flushes a representable subnormal
        Assert.Equal(4.2e-322, SM.Sigmoid(-740.0));
    }

    [Fact]
    public void LogSigmoidAndBinaryCrossEntropyStayFiniteWhenSigmoidSaturates()
    {
        double p = 1 / (1 + Math.Exp(-40.0));
        Assert.Equal(double.PositiveInfinity, -Math.Log(1 - p)); // target 0, logit 40
        Assert.Equal(40.0, SM.BinaryCrossEntropyWithLogits(40.0, 0.0));
        double q = 1 / (1 + Math.Exp(800.0));
        Assert.Equal(double.PositiveInfinity, -Math.Log(q)); // target 1, logit -800
        Assert.Equal(800.0, SM.BinaryCrossEntropyWithLogits(-800.0, 1.0));
        Assert.Equal(-800.0, SM.LogSigmoid(-800.0));
        float pf = 1f / (1f + MathF.Exp(-17f));
        Assert.Equal(float.PositiveInfinity, -MathF.Log(1f - pf));
        Assert.Equal(17f, SM.BinaryCrossEntropyWithLogits(17f, 0f));
    }

    [Fact]
    public void LogSumExpShiftsByTheMaximum()
    {
        double[] big = [1000, 999];
        Assert.Equal(double.PositiveInfinity, Math.Log(big.Sum(Math.Exp)));
        AssertWithinUlp(1000.3132616875182, SM.LogSumExp<double>(big));
        AssertWithinUlp(1000.6931471805599, SM.LogSumExp<double>([1000, 1000]));
        double[] small = [-1000, -1000];
        Assert.Equal(double.NegativeInfinity, Math.Log(small.Sum(Math.Exp)));
        AssertWithinUlp(-999.3068528194401, SM.LogSumExp<double>(small));
        AssertWithinUlp(100.69314575195312f, SM.LogSumExp<float>([100f, 100f]));
        AssertWithinUlp(1000.3132616875182, SM.LogAddExp(1000.0, 999.0));
        // ln(2e^−ln2) for the double nearest ln 2: the result is the tiny gap between ln 2 and that double.
        double minusLn2 = -0.6931471805599453;
        Assert.True(Math.Abs(Math.Log(Math.Exp(minusLn2) + Math.Exp(minusLn2))) < 2e-16);
        // Here the answer is the difference of two nearly equal quantities; StableMath's is good to
        // about 1e-30 absolute (13 correct digits), the naive form's only to its ~1e-16 rounding.
        Assert.Equal(2.3190468138462996e-17, SM.LogAddExp(minusLn2, minusLn2), 1e-30);
    }

    [Fact]
    public void SoftmaxShiftsByTheMaximum()
    {
        double[] x = [1000, 999];
        double naiveSum = x.Sum(Math.Exp);
        Assert.True(double.IsNaN(Math.Exp(x[0]) / naiveSum));
        var y = new double[2];
        SM.Softmax<double>(x, y);
        AssertWithinUlp(0.7310585786300049, y[0]);
        AssertWithinUlp(0.2689414213699951, y[1]);
        SM.Softmax<double>([-1000, -1000], y);
        Assert.Equal([0.5, 0.5], y);
        var yf = new float[2];
        SM.Softmax<float>([90f, 89f], yf);
        AssertWithinUlp(0.7310585975646973f, yf[0]);
        AssertWithinUlp(0.2689414322376251f, yf[1]);
    }

    [Fact]
    public void LogSoftmaxStaysFiniteWhereTheProbabilityUnderflows()
    {
        double[] z = [0, -800];
        var p = new double[2];
        SM.Softmax<double>(z, p);
        Assert.Equal(double.NegativeInfinity, Math.Log(p[1]));
        var logP = new double[2];
        SM.LogSoftmax<double>(z, logP);
        Assert.Equal(-800.0, logP[1]);
        Assert.Equal(0.0, logP[0]);
        var logPf = new float[2];
        SM.LogSoftmax<float>([0f, -120f], logPf);
        Assert.Equal(-120f, logPf[1]);
    }

    [Fact]
    public void TanhNeitherOverflowsNorCancels()
    {
        double x = 800;
        Assert.True(double.IsNaN((Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + Math.Exp(-x))));
        Assert.Equal(1.0, SM.Tanh(x));
        Assert.Equal(0.0, 2 / (1 + Math.Exp(-2 * 1e-17)) - 1);
        Assert.Equal(1e-17, SM.Tanh(1e-17));
    }

    [Fact]
    public void VarianceDoesNotCancel()
    {
        double[] data = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
        double mean = data.Average();
        Assert.Equal(-128.0, data.Select(v => v * v).Average() - mean * mean);
        var (m, variance) = SM.MeanVariance<double>(data);
        Assert.Equal(1e9 + 10, m);
        Assert.Equal(22.5, variance);
        Assert.Equal(30.0, SM.SampleVariance<double>(data));
        float[] floats = [10004, 10007, 10013, 10016];
        float fm = floats.Average();
        Assert.Equal(24f, floats.Select(v => v * v).Average() - fm * fm);
        Assert.Equal(22.5f, SM.MeanVariance<float>(floats).Variance);
        double[] constant = [1e8 + 0.1, 1e8 + 0.1, 1e8 + 0.1];
        Assert.Equal(0.0, SM.MeanVariance<double>(constant).Variance);
        var welford = new WelfordAccumulator();
        foreach (double v in data)
            welford.Add(v);
        Assert.Equal(22.5, welford.Variance);
        Assert.Equal(30.0, welford.SampleVariance);
    }

    [Fact]
    public void SumsAccumulateBeyondTheWorkingPrecision()
    {
        var tenths = new float[10_000_000];
        tenths.AsSpan().Fill(0.1f);
        float naive = 0;
        foreach (float v in tenths)
            naive += v;
        Assert.Equal(1087937f, naive);
        Assert.Equal(1000000f, SM.Sum(tenths));
        var ones = new Half[4096];
        ones.AsSpan().Fill(Half.One);
        Half naiveHalf = Half.Zero;
        foreach (Half v in ones)
            naiveHalf += v;
        Assert.Equal((Half)2048, naiveHalf);
        Assert.Equal((Half)4096, SM.Sum(ones));
    }

    [Fact]
    public void NormsAndCosinesDoNotOverflowOrDivideByZero()
    {
        float[] big = [3e20f, 4e20f];
        Assert.Equal(float.PositiveInfinity, MathF.Sqrt(big[0] * big[0] + big[1] * big[1]));
        Assert.Equal(5e20f, SM.Norm<float>(big));
        // Correctly rounded √((3e200)² + (4e200)²) for the doubles nearest 3e200 and 4e200.
        AssertWithinUlp(SM.Hypot(3e200, 4e200), SM.Norm<double>([3e200, 4e200]));
        AssertWithinUlp(SM.Hypot(3e-200, 4e-200), SM.Norm<double>([3e-200, 4e-200]));
        AssertWithinUlp(5e200, SM.Hypot(3e200, 4e200));
        Assert.Equal(double.PositiveInfinity, Math.Sqrt(3e200 * 3e200 + 4e200 * 4e200));
        double[] zero = [0, 0, 0];
        double naive = zero[0] / Math.Sqrt(zero.Sum(v => v * v));
        Assert.True(double.IsNaN(naive));
        var normalized = new double[3];
        SM.Normalize<double>(zero, normalized, 1e-12);
        Assert.Equal(zero, normalized);
        Assert.Equal(0.0, SM.CosineSimilarity<double>(zero, zero, 1e-8));
    }

    [Fact]
    public void XLogYIsZeroAtZero()
    {
        Assert.True(double.IsNaN(0.0 * Math.Log(0.0)));
        Assert.Equal(0.0, SM.XLogY(0.0, 0.0));
        double p = 0, q = 0.5;
        Assert.True(double.IsNaN(p * Math.Log(p / q) + p * Math.Log(p)));
        Assert.Equal(0.0, SM.XLogY(p, p / q));
        Assert.Equal(0.0, SM.XLog1PY(0.0, -1.0));
    }

    [Fact]
    public void TailFunctionsStayFiniteFarOut()
    {
        double naive = Math.Log(0.5 * (1 + SM.Erf(-40 / Math.Sqrt(2))));
        Assert.Equal(double.NegativeInfinity, naive);
        AssertWithinUlp(-804.6084420137538, SM.LogNdtr(-40.0));
        Assert.Equal(0.0, 1 - SM.Erf(10.0));
        AssertWithinUlp(2.088487583762545e-45, SM.Erfc(10.0));
        Assert.Equal(double.NegativeInfinity, Math.Log(1 - Math.Exp(-1e-20)));
        AssertWithinUlp(-46.051701859880914, SM.Log1MExp(-1e-20));
        Assert.Equal(0.0, Math.Log(1 - Math.Exp(-40.0)));
        AssertWithinUlp(-4.248354255291589e-18, SM.Log1MExp(-40.0));
        AssertWithinUlp(857.9336698258575, SM.LogGamma(200.0));
        double nearOne = 1 + 1e-10; // the double 1.000000000100000008274037…
        AssertWithinUlp(-5.772157125783244e-11, SM.LogGamma(nearOne));
    }
}
