using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;

namespace ModelGen.Tests.Kernels;

/// <summary>Label-smoothed softmax cross-entropy and the Huber loss, against plain double references.</summary>
public unsafe class SmoothedAndHuberLossTests
{
    private const double GradScale = 0.25;

    // ---- label-smoothed softmax cross-entropy ----

    [Fact]
    public void SmoothedCrossEntropyMatchesReferenceAtEveryTierAndWidth()
    {
        ForEachTier(tier =>
        {
            foreach (int cols in RaggedLengths.Where(c => c > 0))
            {
                const int rows = 4;
                double[] logits = RandomValues(rows * cols, seed: cols, scale: 3);
                int[] labels = Enumerable.Range(0, rows).Select(r => (r * 7 + 3) % cols).ToArray();
                foreach (double smoothing in new[] { 0.0, 0.1, 1.0 })
                {
                    double expected = ReferenceSmoothed(logits, rows, cols, labels, smoothing, out double[] expectedGradient);
                    Check<float>(1e-5);
                    Check<double>(1e-13);

                    void Check<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
                    {
                        double loss = Smoothed<T>(logits, rows, cols, labels, smoothing, out double[] gradient, out _);
                        string context = $"{tier} {typeof(T).Name} cols={cols} ε={smoothing}";
                        Assert.True(Math.Abs(loss - expected) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{context}: loss {loss} vs {expected}");
                        for (int i = 0; i < gradient.Length; i++)
                            Assert.True(Math.Abs(gradient[i] - expectedGradient[i]) <= tolerance, $"{context}: gradient {i}: {gradient[i]} vs {expectedGradient[i]}");
                    }
                }
            }
        });
    }

    [Fact]
    public void SmoothedCrossEntropyGradientMatchesFiniteDifferences()
    {
        ForEachTier(tier =>
        {
            const int rows = 3, cols = 19;
            double[] logits = RandomValues(rows * cols, seed: 17, scale: 2);
            int[] labels = [4, 0, 18];
            Smoothed<double>(logits, rows, cols, labels, 0.2, out double[] gradient, out _);
            double ScaledLoss(double[] x) => GradScale * Smoothed<double>(x, rows, cols, labels, 0.2, out _, out _, withGradient: false);
            LossTests.AssertMatchesFiniteDifferences(logits, gradient, ScaledLoss, $"{tier}");
        });
    }

    [Fact]
    public void ZeroSmoothingEqualsSoftmaxCrossEntropyExactly()
    {
        ForEachTier(tier =>
        {
            const int rows = 5, cols = 33;
            double[] logits = RandomValues(rows * cols, seed: 5, scale: 4);
            int[] labels = [0, 32, 7, 8, 16];
            Same<float>();
            Same<double>();

            void Same<T>() where T : unmanaged, IFloatingPointIeee754<T>
            {
                T[] x = Convert<T>(logits);
                T[] plainGradient = new T[x.Length], smoothedGradient = new T[x.Length];
                T plain, smoothed;
                int plainCorrect, smoothedCorrect;
                fixed (T* px = x, pg = plainGradient, sg = smoothedGradient)
                fixed (int* pl = labels)
                {
                    plain = LossKernels.SoftmaxCrossEntropy(px, rows, cols, pl, pg, T.CreateTruncating(GradScale), out plainCorrect);
                    smoothed = LossKernels.SoftmaxCrossEntropySmoothed(px, rows, cols, pl, T.Zero, sg, T.CreateTruncating(GradScale), out smoothedCorrect);
                }
                Assert.Equal(plain, smoothed);
                Assert.Equal(plainCorrect, smoothedCorrect);
                Assert.Equal(plainGradient, smoothedGradient);
            }
        });
    }

    [Fact]
    public void SmoothedCrossEntropyIsFiniteForHugeLogits()
    {
        ForEachTier(tier =>
        {
            double[] logits = [1e4, -1e4, 0, -1e4, 1e4, 3, 1e4, 1e4, -1e4];
            int[] labels = [1, 0, 2];
            double expected = ReferenceSmoothed(logits, 3, 3, labels, 0.1, out _);
            foreach (double loss in new[] { Smoothed<float>(logits, 3, 3, labels, 0.1, out double[] g32, out _), Smoothed<double>(logits, 3, 3, labels, 0.1, out double[] g64, out _) })
                Assert.Equal(expected, loss, expected * 1e-6);
            Smoothed<float>(logits, 3, 3, labels, 0.1, out double[] gradient, out _);
            Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        });
    }

    [Fact]
    public void SmoothedCrossEntropyMayOverwriteTheLogitsAndRejectsBadInputFirst()
    {
        double[] logits = RandomValues(2 * 37, seed: 2);
        int[] labels = [5, 36];
        double expected = Smoothed<double>(logits, 2, 37, labels, 0.3, out double[] expectedGradient, out _);
        double[] inPlace = (double[])logits.Clone();
        double loss;
        fixed (double* p = inPlace)
        fixed (int* l = labels)
            loss = LossKernels.SoftmaxCrossEntropySmoothed(p, 2, 37, l, 0.3, p, GradScale, out _);
        Assert.Equal(expected, loss);
        Assert.Equal(expectedGradient, inPlace);

        double[] untouched = (double[])logits.Clone();
        int[] badLabels = [5, 37];
        Assert.Throws<ArgumentOutOfRangeException>(() => { fixed (double* p = untouched) fixed (int* l = badLabels) LossKernels.SoftmaxCrossEntropySmoothed(p, 2, 37, l, 0.1, p, 1.0, out _); });
        Assert.Equal(logits, untouched);
        Assert.Throws<ArgumentOutOfRangeException>(() => { fixed (double* p = untouched) fixed (int* l = labels) LossKernels.SoftmaxCrossEntropySmoothed(p, 2, 37, l, 1.5, null, 1.0, out _); });
    }

    // ---- Huber ----

    [Fact]
    public void HuberMatchesReferenceAtEveryTierAndLength()
    {
        ForEachTier(tier =>
        {
            foreach (int count in RaggedLengths)
            {
                double[] predictions = RandomValues(count, seed: count + 1, scale: 3), targets = RandomValues(count, seed: count + 2, scale: 1);
                double expected = ReferenceHuber(predictions, targets, 1.0, out double[] expectedGradient);
                foreach (var (loss, gradient, tolerance) in new[] { Huber<float>(predictions, targets, 1.0), Huber<double>(predictions, targets, 1.0) })
                {
                    Assert.True(Math.Abs(loss - expected) <= tolerance * Math.Max(1, expected), $"{tier} count={count}: {loss} vs {expected}");
                    for (int i = 0; i < count; i++) Assert.Equal(expectedGradient[i], gradient[i], tolerance);
                }
            }
        });
    }

    [Fact]
    public void HuberGradientMatchesFiniteDifferences()
    {
        ForEachTier(tier =>
        {
            // Differences spread over both branches, but none within the finite-difference step of ±δ (the kink).
            double[] predictions = RandomValues(37, seed: 9, scale: 3), targets = RandomValues(37, seed: 10, scale: 1);
            for (int i = 0; i < predictions.Length; i++)
                if (Math.Abs(Math.Abs(predictions[i] - targets[i]) - 0.7) < 1e-2) predictions[i] += 0.05;
            var (_, gradient, _) = Huber<double>(predictions, targets, 0.7);
            LossTests.AssertMatchesFiniteDifferences(predictions, gradient, p => GradScale * Huber<double>(p, targets, 0.7, withGradient: false).Loss, $"{tier}");
        });
    }

    [Fact]
    public void HuberGradientMayOverwriteThePredictionsAndIsBoundedByDelta()
    {
        double[] predictions = [1e30, -1e30, 0.5, -3, 2];
        double[] targets = [0, 0, 0, 0, 2];
        var (expected, expectedGradient, _) = Huber<double>(predictions, targets, 2.0);
        double[] inPlace = (double[])predictions.Clone();
        double loss;
        fixed (double* p = inPlace, t = targets) loss = LossKernels.Huber(p, t, 5, 2.0, p, GradScale);
        Assert.Equal(expected, loss);
        Assert.Equal(expectedGradient, inPlace);
        Assert.Equal([2 * GradScale, -2 * GradScale, 0.5 * GradScale, -2 * GradScale, 0], inPlace);
        Assert.Throws<ArgumentOutOfRangeException>(() => { fixed (double* p = predictions, t = targets) LossKernels.Huber(p, t, 5, 0.0, null, 1.0); });
    }

    // ---- references and helpers ----

    private static double ReferenceSmoothed(double[] logits, int rows, int cols, int[] labels, double smoothing, out double[] gradient)
    {
        gradient = new double[logits.Length];
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = logits.AsSpan(r * cols, cols);
            double max = row.ToArray().Max();
            double sum = 0;
            foreach (double z in row) sum += Math.Exp(z - max);
            double logSumExp = max + Math.Log(sum);
            for (int j = 0; j < cols; j++)
            {
                double q = (j == labels[r] ? 1 - smoothing : 0) + smoothing / cols;
                total += q * (logSumExp - row[j]);
                gradient[r * cols + j] = (Math.Exp(row[j] - max) / sum - q) * GradScale;
            }
        }
        return total;
    }

    private static double ReferenceHuber(double[] predictions, double[] targets, double delta, out double[] gradient)
    {
        gradient = new double[predictions.Length];
        double total = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            double d = predictions[i] - targets[i];
            total += Math.Abs(d) < delta ? 0.5 * d * d : delta * (Math.Abs(d) - 0.5 * delta);
            gradient[i] = Math.Clamp(d, -delta, delta) * GradScale;
        }
        return total;
    }

    private static double Smoothed<T>(double[] logits, int rows, int cols, int[] labels, double smoothing, out double[] gradient, out int correct, bool withGradient = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = Convert<T>(logits);
        var g = new T[x.Length];
        T loss;
        fixed (T* px = x, pg = g)
        fixed (int* pl = labels)
            loss = LossKernels.SoftmaxCrossEntropySmoothed(px, rows, cols, pl, T.CreateTruncating(smoothing), withGradient ? pg : null, T.CreateTruncating(GradScale), out correct);
        gradient = ToDouble(g);
        return double.CreateTruncating(loss);
    }

    private static (double Loss, double[] Gradient, double Tolerance) Huber<T>(double[] predictions, double[] targets, double delta, bool withGradient = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] p = Convert<T>(predictions), t = Convert<T>(targets);
        var g = new T[p.Length];
        T loss;
        fixed (T* pp = p, pt = t, pg = g)
            loss = LossKernels.Huber(pp, pt, p.Length, T.CreateTruncating(delta), withGradient ? pg : null, T.CreateTruncating(GradScale));
        return (double.CreateTruncating(loss), ToDouble(g), typeof(T) == typeof(float) ? 1e-5 : 1e-13);
    }
}
