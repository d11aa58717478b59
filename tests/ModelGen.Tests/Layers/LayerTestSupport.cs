using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen.Tests.Layers;

/// <summary>Tier selection, random data and the finite-difference gradient check shared by the layer kernel tests.</summary>
internal static class LayerTestSupport
{
    /// <summary>Every tier this machine can run, as theory data.</summary>
    public static TheoryData<SimdTier> Tiers()
    {
        var data = new TheoryData<SimdTier>();
        foreach (SimdTier tier in Enum.GetValues<SimdTier>())
            if (tier <= Simd.BestSupported) data.Add(tier);
        return data;
    }

    /// <summary>Runs <paramref name="test"/> with <see cref="Simd.Active"/> = <paramref name="tier"/>, restoring it afterwards.</summary>
    public static void AtTier(SimdTier tier, Action test)
    {
        SimdTier saved = Simd.Active;
        try
        {
            Simd.Active = tier;
            test();
        }
        finally
        {
            Simd.Active = saved;
        }
    }

    public static double[] Random(int length, int seed, double scale = 1, double offset = 0)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = offset + scale * (2 * random.NextDouble() - 1);
        return values;
    }

    public static T[] To<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => Array.ConvertAll(values, v => T.CreateTruncating(v));

    public static double[] ToDouble<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => Array.ConvertAll(values, v => double.CreateTruncating(v));

    public static void AssertClose(double[] expected, double[] actual, double tolerance, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{context}: element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    /// <summary>
    /// Checks the analytic gradients of L = Σ w ⊙ forward(inputs) for a random w against centered
    /// differences (Richardson-extrapolated, so truncation error is O(h⁴)) with respect to every
    /// element of every input. <paramref name="backward"/> receives the inputs and dy = w and returns
    /// one gradient per input (null for an input that is not differentiated, such as token ids).
    /// Relative error ≤ 1e-6, measured against the larger of the entry and 1e-3 of the largest entry
    /// of that gradient (a zero-sum gradient has entries that are tiny by cancellation).
    /// </summary>
    public static void CheckGradients(double[][] inputs, string[] names, Func<double[][], double[]> forward,
        Func<double[][], double[], double[]?[]> backward, int seed = 7)
    {
        double[] y = forward(inputs);
        double[] w = Random(y.Length, seed, scale: 1);
        double Loss(double[][] x)
        {
            double[] output = forward(x);
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += w[i] * output[i];
            return sum;
        }
        double[]?[] gradients = backward(inputs, w);
        for (int k = 0; k < inputs.Length; k++)
        {
            double[]? gradient = gradients[k];
            if (gradient == null) continue;
            double[] x = inputs[k];
            Assert.Equal(x.Length, gradient.Length);
            double largest = gradient.Max(Math.Abs);
            for (int i = 0; i < x.Length; i++)
            {
                double h = 1e-3 * Math.Max(1, Math.Abs(x[i]));
                double saved = x[i];
                x[i] = saved + h; double plus = Loss(inputs);
                x[i] = saved - h; double minus = Loss(inputs);
                x[i] = saved + h / 2; double halfPlus = Loss(inputs);
                x[i] = saved - h / 2; double halfMinus = Loss(inputs);
                x[i] = saved;
                double numeric = (4 * (halfPlus - halfMinus) / h - (plus - minus) / (2 * h)) / 3;
                double scale = Math.Max(Math.Abs(gradient[i]), 1e-3 * largest);
                Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * scale + 1e-13,
                    $"{names[k]}[{i}]: analytic {gradient[i]:R}, finite difference {numeric:R}");
            }
        }
    }
}
