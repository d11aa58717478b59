using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;

namespace ModelGen.Tests.Kernels;

public unsafe class LossTests
{
    private const double GradScale = 0.25;

    // ---- softmax cross-entropy ----

    [Fact]
    public void SoftmaxCrossEntropyMatchesReferenceAtEveryTierAndWidth()
    {
        ForEachTier(tier =>
        {
            foreach (int cols in RaggedLengths.Where(c => c > 0))
            {
                const int rows = 4;
                double[] logits = RandomValues(rows * cols, seed: cols, scale: 3);
                int[] labels = Enumerable.Range(0, rows).Select(r => (r * 7 + 3) % cols).ToArray();
                CheckSoftmaxCrossEntropy<float>(logits, rows, cols, labels, $"{tier} cols={cols}");
                CheckSoftmaxCrossEntropy<double>(logits, rows, cols, labels, $"{tier} cols={cols}");
            }
        });
    }

    [Fact]
    public void SoftmaxCrossEntropyIsStableForWidelySpreadLogits()
    {
        ForEachTier(tier =>
        {
            double[] logits = [1000, 999, -1000, 1000, 999, -1000, 1000, 999, -1000, -1000, -1000, 1000];
            int[] labels = [0, 1, 2, 0];
            CheckSoftmaxCrossEntropy<float>(logits, 4, 3, labels, $"{tier}");
            CheckSoftmaxCrossEntropy<double>(logits, 4, 3, labels, $"{tier}");
            // Row [1000, 999, -1000] against label 2: the loss is 2000 + ln(1 + e^-1), not inf.
            double loss = SoftmaxCrossEntropy<double>([1000, 999, -1000], 1, 3, [2], out double[] gradient, out _);
            Assert.Equal(2000 + Math.Log(1 + Math.Exp(-1)), loss, 1e-12);
            Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        });
    }

    [Fact]
    public void SoftmaxCrossEntropyGradientMatchesFiniteDifferences()
    {
        ForEachTier(tier =>
        {
            const int rows = 3, cols = 19;
            double[] logits = RandomValues(rows * cols, seed: 17, scale: 2);
            int[] labels = [4, 0, 18];
            SoftmaxCrossEntropy<double>(logits, rows, cols, labels, out double[] gradient, out _);
            double ScaledLoss(double[] x) => GradScale * SoftmaxCrossEntropy<double>(x, rows, cols, labels, out _, out _, withGradient: false);
            AssertMatchesFiniteDifferences(logits, gradient, ScaledLoss, $"{tier}");
        });
    }

    [Fact]
    public void SoftmaxCrossEntropyGradientMayOverwriteTheLogits()
    {
        ForEachTier(tier =>
        {
            double[] logits = RandomValues(2 * 37, seed: 2);
            int[] labels = [5, 36];
            double expectedLoss = SoftmaxCrossEntropy<double>(logits, 2, 37, labels, out double[] expectedGradient, out int expectedCorrect);
            double loss;
            int correct;
            fixed (double* p = logits)
            fixed (int* l = labels)
                loss = LossKernels.SoftmaxCrossEntropy(p, 2, 37, l, p, GradScale, out correct);
            Assert.Equal(expectedLoss, loss);
            Assert.Equal(expectedCorrect, correct);
            Assert.Equal(expectedGradient, logits);
        });
    }

    [Fact]
    public void SoftmaxCrossEntropyCountsFirstMaximumAsTheArgmax()
    {
        ForEachTier(tier =>
        {
            double[] logits = [2, 5, 5, 2, 5, 5, 9, 1, 1, 1, 1, 8];
            SoftmaxCrossEntropy<double>(logits, 4, 3, [1, 2, 0, 1], out _, out int correct);
            // Row 0 ties between 1 and 2: argmax is 1 (correct); row 1 labelled 2 (wrong); row 2
            // correct; row 3 [1, 1, 8] labelled 1 (wrong).
            Assert.Equal(2, correct);
        });
    }

    [Fact]
    public void SoftmaxCrossEntropyRejectsInvalidLabelsBeforeWritingAnything()
    {
        double[] logits = RandomValues(9, seed: 1);
        foreach (int bad in new[] { -1, 3 })
        {
            double[] gradient = Enumerable.Repeat(42.0, 9).ToArray();
            int[] labels = [0, 2, bad];
            var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            {
                fixed (double* p = logits, g = gradient)
                fixed (int* l = labels)
                    LossKernels.SoftmaxCrossEntropy(p, 3, 3, l, g, 1.0, out _);
            });
            Assert.Equal("labels", exception.ParamName);
            Assert.Contains("row 2", exception.Message);
            Assert.Contains($"Label {bad}", exception.Message);
            Assert.All(gradient, g => Assert.Equal(42.0, g));
        }
    }

    // ---- softmax probabilities ----

    [Fact]
    public void SoftmaxRowsMatchReferenceAndSumToOne()
    {
        ForEachTier(tier =>
        {
            foreach (int cols in RaggedLengths.Where(c => c > 0))
            {
                double[] logits = RandomValues(3 * cols, seed: cols, scale: 5);
                logits[0] = 1000; // a row that would overflow without the max shift
                foreach (bool inPlace in new[] { false, true })
                {
                    CheckSoftmaxRows<float>(logits, 3, cols, inPlace, $"{tier} cols={cols}");
                    CheckSoftmaxRows<double>(logits, 3, cols, inPlace, $"{tier} cols={cols}");
                }
            }
        });
    }

    // ---- binary cross-entropy ----

    [Fact]
    public void BinaryCrossEntropyMatchesReferenceIncludingSaturatedLogits()
    {
        ForEachTier(tier =>
        {
            foreach (int length in RaggedLengths.Append(40))
            {
                double[] logits = RandomValues(length, seed: length, scale: 4);
                double[] extremes = [100, -100, 100, -100, 1000, -1000, 1e-30, 0];
                for (int i = 0; i < Math.Min(length, extremes.Length); i++) logits[length - 1 - i] = extremes[i];
                double[] targets = Enumerable.Range(0, length).Select(i => (i % 3) switch { 0 => 0.0, 1 => 1.0, _ => 0.3 }).ToArray();
                CheckBinaryCrossEntropy<float>(logits, targets, $"{tier} n={length}");
                CheckBinaryCrossEntropy<double>(logits, targets, $"{tier} n={length}");
            }
        });
    }

    [Fact]
    public void BinaryCrossEntropyAtLogitsOfPlusMinus100()
    {
        ForEachTier(tier =>
        {
            // Confidently right costs e^-100 (not 0, not NaN); confidently wrong costs 100.
            double[] logits = [100, -100, 100, -100];
            double[] targets = [1, 0, 0, 1];
            double tiny = Math.Exp(-100);
            double loss = BinaryCrossEntropy<double>(logits, targets, out double[] gradient);
            Assert.Equal(200 + 2 * tiny, loss, 1e-12);
            double[] expectedGradient = [0, GradScale * tiny, GradScale, -GradScale];
            for (int i = 0; i < 4; i++) Assert.Equal(expectedGradient[i], gradient[i], 1e-15 * Math.Abs(expectedGradient[i]) + 1e-300);
            float single = (float)BinaryCrossEntropy<float>(logits, targets, out double[] singleGradient);
            Assert.Equal(200f, single);
            for (int i = 0; i < 4; i++) Assert.Equal(expectedGradient[i], singleGradient[i], 1e-7 * Math.Abs(expectedGradient[i]) + 1e-44);
        });
    }

    [Fact]
    public void BinaryCrossEntropyGradientMatchesFiniteDifferences()
    {
        ForEachTier(tier =>
        {
            double[] logits = RandomValues(21, seed: 4, scale: 3);
            double[] targets = RandomValues(21, seed: 5).Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
            BinaryCrossEntropy<double>(logits, targets, out double[] gradient);
            AssertMatchesFiniteDifferences(logits, gradient, x => GradScale * BinaryCrossEntropy<double>(x, targets, out _, withGradient: false), $"{tier}");
        });
    }

    [Fact]
    public void ElementwiseLossGradientsMayOverwriteTheirInput()
    {
        ForEachTier(tier =>
        {
            double[] logits = RandomValues(37, seed: 6);
            double[] targets = Array.ConvertAll(RandomValues(37, seed: 7), v => v > 0 ? 1.0 : 0.0);
            double expectedLoss = BinaryCrossEntropy<double>(logits, targets, out double[] expectedGradient);
            double expectedSquared = SquaredError<double>(logits, targets, out double[] expectedSquaredGradient);
            double[] inPlace = (double[])logits.Clone(), inPlaceSquared = (double[])logits.Clone();
            fixed (double* x = inPlace, p = inPlaceSquared, t = targets)
            {
                Assert.Equal(expectedLoss, LossKernels.SigmoidBinaryCrossEntropy(x, t, 37, x, GradScale));
                Assert.Equal(expectedSquared, LossKernels.SquaredError(p, t, 37, p, GradScale));
            }
            Assert.Equal(expectedGradient, inPlace);
            Assert.Equal(expectedSquaredGradient, inPlaceSquared);
        });
    }

    // ---- squared error ----

    [Fact]
    public void SquaredErrorMatchesReference()
    {
        ForEachTier(tier =>
        {
            foreach (int length in RaggedLengths)
            {
                double[] predictions = RandomValues(length, seed: length);
                double[] targets = RandomValues(length, seed: length + 1);
                foreach (bool single in new[] { true, false })
                {
                    double[] p = single ? ToDouble(Convert<float>(predictions)) : predictions;
                    double[] t = single ? ToDouble(Convert<float>(targets)) : targets;
                    double expected = p.Zip(t, (a, b) => (a - b) * (a - b)).Sum();
                    double loss = single ? SquaredError<float>(p, t, out double[] gradient) : SquaredError<double>(p, t, out gradient);
                    double tolerance = single ? 1e-6 : 1e-14;
                    Assert.True(Math.Abs(loss - expected) <= tolerance * (1 + expected), $"{tier} n={length} single={single}: {loss} vs {expected}");
                    for (int i = 0; i < length; i++)
                        Assert.True(Math.Abs(gradient[i] - 2 * GradScale * (p[i] - t[i])) <= tolerance * (1 + Math.Abs(p[i] - t[i])));
                }
            }
        });
    }

    [Fact]
    public void LossKernelsDoNotAllocate()
    {
        var logits = new float[4 * 33];
        var gradient = new float[4 * 33];
        var targets = new float[4 * 33];
        var labels = new int[4];
        fixed (float* x = logits, g = gradient, t = targets)
        fixed (int* l = labels)
        {
            float* px = x, pg = g, pt = t;
            int* pl = l;
            long bytes = AllocatedBytes(() =>
            {
                SimdTier saved = Simd.Active;
                foreach (SimdTier tier in Tiers)
                {
                    Simd.Active = tier;
                    LossKernels.SoftmaxCrossEntropy(px, 4, 33, pl, pg, 1f, out _);
                    LossKernels.SigmoidBinaryCrossEntropy(px, pt, 132, pg, 1f);
                    LossKernels.SquaredError(px, pt, 132, pg, 1f);
                    LossKernels.SoftmaxRows(px, 4, 33, pg);
                }
                Simd.Active = saved;
            });
            Assert.Equal(0, bytes);
        }
    }

    // ---- helpers ----

    private static void CheckSoftmaxCrossEntropy<T>(double[] logits, int rows, int cols, int[] labels, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] x = ToDouble(Convert<T>(logits));
        double expectedLoss = 0;
        var expectedGradient = new double[x.Length];
        int expectedCorrect = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = new ArraySegment<double>(x, r * cols, cols);
            double max = row.Max();
            double sum = row.Sum(v => Math.Exp(v - max));
            expectedLoss += Math.Log(sum) + max - row[labels[r]];
            if (row.AsSpan().IndexOf(max) == labels[r]) expectedCorrect++;
            for (int j = 0; j < cols; j++)
                expectedGradient[r * cols + j] = GradScale * (Math.Exp(row[j] - max) / sum - (j == labels[r] ? 1 : 0));
        }
        double loss = SoftmaxCrossEntropy<T>(x, rows, cols, labels, out double[] gradient, out int correct);
        double lossWithoutGradient = SoftmaxCrossEntropy<T>(x, rows, cols, labels, out _, out _, withGradient: false);
        double tolerance = typeof(T) == typeof(float) ? 2e-6 : 1e-14;
        Assert.True(Math.Abs(loss - expectedLoss) <= tolerance * (1 + Math.Abs(expectedLoss)), $"{context} {typeof(T).Name}: loss {loss} vs {expectedLoss}");
        Assert.Equal(loss, lossWithoutGradient);
        Assert.Equal(expectedCorrect, correct);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(gradient[i] - expectedGradient[i]) <= tolerance * GradScale,
                $"{context} {typeof(T).Name}: gradient[{i}] {gradient[i]} vs {expectedGradient[i]}");
    }

    private static void CheckSoftmaxRows<T>(double[] logits, int rows, int cols, bool inPlace, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = Convert<T>(logits);
        double[] exact = ToDouble(x);
        T[] probabilities = inPlace ? x : new T[x.Length];
        fixed (T* px = x, pp = probabilities) LossKernels.SoftmaxRows(px, rows, cols, pp);
        double tolerance = typeof(T) == typeof(float) ? 1e-6 : 1e-14;
        for (int r = 0; r < rows; r++)
        {
            var row = new ArraySegment<double>(exact, r * cols, cols);
            double max = row.Max();
            double sum = row.Sum(v => Math.Exp(v - max));
            double total = 0;
            for (int j = 0; j < cols; j++)
            {
                double p = double.CreateTruncating(probabilities[r * cols + j]);
                total += p;
                double expected = Math.Exp(row[j] - max) / sum;
                // exp(x - max) inherits the rounding of x - max: relative error grows with |x - max|.
                Assert.True(Math.Abs(p - expected) <= tolerance * (1 + Math.Abs(row[j] - max)) * expected + Floor<T>(), $"{context} {typeof(T).Name} inPlace={inPlace}: p[{r},{j}] {p} vs {expected}");
            }
            Assert.Equal(1, total, typeof(T) == typeof(float) ? 1e-5 : 1e-13);
        }
    }

    private static void CheckBinaryCrossEntropy<T>(double[] logits, double[] targets, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] x = ToDouble(Convert<T>(logits)), t = ToDouble(Convert<T>(targets));
        double expected = 0;
        for (int i = 0; i < x.Length; i++)
            expected += Math.Max(x[i], 0) - x[i] * t[i] + ActivationReference.Log1p(Math.Exp(-Math.Abs(x[i])));
        double loss = BinaryCrossEntropy<T>(x, t, out double[] gradient);
        double tolerance = typeof(T) == typeof(float) ? 2e-6 : 1e-14;
        Assert.True(double.IsFinite(loss) && Math.Abs(loss - expected) <= tolerance * (1 + Math.Abs(expected)), $"{context} {typeof(T).Name}: loss {loss} vs {expected}");
        Assert.Equal(loss, BinaryCrossEntropy<T>(x, t, out _, withGradient: false));
        for (int i = 0; i < x.Length; i++)
        {
            double expectedGradient = GradScale * (ActivationReference.Sigmoid(x[i]) - t[i]);
            Assert.True(Math.Abs(gradient[i] - expectedGradient) <= tolerance * GradScale, $"{context} {typeof(T).Name}: gradient at {x[i]}: {gradient[i]} vs {expectedGradient}");
        }
    }

    /// <summary>Centred differences of a scalar loss, one coordinate at a time, in double.</summary>
    /// <summary>Richardson-extrapolated centered differences of <paramref name="loss"/> against <paramref name="gradient"/>, coordinate by coordinate.</summary>
    internal static void AssertMatchesFiniteDifferences(double[] x, double[] gradient, Func<double[], double> loss, string context)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-4 * Math.Max(1, Math.Abs(x[i]));
            double saved = x[i];
            x[i] = saved + h;
            double plus = loss(x);
            x[i] = saved - h;
            double minus = loss(x);
            x[i] = saved + h / 2;
            double halfPlus = loss(x);
            x[i] = saved - h / 2;
            double halfMinus = loss(x);
            x[i] = saved;
            double numeric = (4 * (halfPlus - halfMinus) / h - (plus - minus) / (2 * h)) / 3;
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Abs(gradient[i]) + 1e-10,
                $"{context}: coordinate {i}: gradient {gradient[i]:R}, finite difference {numeric:R}");
        }
    }

    private static double SoftmaxCrossEntropy<T>(double[] logits, int rows, int cols, int[] labels, out double[] gradient, out int correct, bool withGradient = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = Convert<T>(logits);
        var g = new T[x.Length];
        T loss;
        fixed (T* px = x, pg = g)
        fixed (int* pl = labels)
            loss = LossKernels.SoftmaxCrossEntropy(px, rows, cols, pl, withGradient ? pg : null, T.CreateTruncating(GradScale), out correct);
        gradient = ToDouble(g);
        return double.CreateTruncating(loss);
    }

    private static double BinaryCrossEntropy<T>(double[] logits, double[] targets, out double[] gradient, bool withGradient = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = Convert<T>(logits), t = Convert<T>(targets);
        var g = new T[x.Length];
        T loss;
        fixed (T* px = x, pt = t, pg = g)
            loss = LossKernels.SigmoidBinaryCrossEntropy(px, pt, x.Length, withGradient ? pg : null, T.CreateTruncating(GradScale));
        gradient = ToDouble(g);
        return double.CreateTruncating(loss);
    }

    private static double SquaredError<T>(double[] predictions, double[] targets, out double[] gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] p = Convert<T>(predictions), t = Convert<T>(targets);
        var g = new T[p.Length];
        T loss;
        fixed (T* pp = p, pt = t, pg = g)
            loss = LossKernels.SquaredError(pp, pt, p.Length, pg, T.CreateTruncating(GradScale));
        gradient = ToDouble(g);
        return double.CreateTruncating(loss);
    }
}
