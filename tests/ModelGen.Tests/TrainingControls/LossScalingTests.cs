using ModelGen.Kernels;
using ModelGen.Runtime;
using Xunit.Abstractions;

namespace ModelGen.Tests.TrainingControls;

public class LossScalingTests(ITestOutputHelper output)
{
    private const int Rows = 256, Batch = 128;

    /// <summary>
    /// Targets t = x·W* with W* about 3e-6, so with a mean over 128 × 16 outputs every loss gradient
    /// 2(y − t)/n is about 6e-9: below 2.98e-8, half the smallest float16 subnormal, where float16 rounds to zero.
    /// </summary>
    private static Dataset TinyTargets()
    {
        const int features = StorageRoundingRegression<float>.Features, outputs = StorageRoundingRegression<float>.Outputs;
        var rng = new Rng(11);
        var x = new float[Rows * features];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var w = new double[features * outputs];
        for (int i = 0; i < w.Length; i++) w[i] = 3e-6 * rng.NextGaussian();
        var t = new float[Rows * outputs];
        for (int r = 0; r < Rows; r++)
            for (int k = 0; k < outputs; k++)
            {
                double sum = 0;
                for (int j = 0; j < features; j++) sum += x[r * features + j] * w[j * outputs + k];
                t[r * outputs + k] = (float)sum;
            }
        return Dataset.ForTargets(x, features, t, outputs);
    }

    private static TrainingOptions Options(StoragePrecision precision, LossScaling? scaling, int epochs = 8) => new()
    {
        Epochs = epochs, BatchSize = Batch, Optimizer = new Sgd(1f), Precision = precision, LossScaling = scaling,
    };

    /// <summary>The 4 → 16 linear regression with zero weights: hand-written (rounds its buffers today) or generated.</summary>
    private static NetworkBase<float> Regression(bool generated)
    {
        if (!generated) return new StorageRoundingRegression<float>();
        var net = new HalfPrecisionRegressionNet.Network<float>(0);
        net.ParameterValues.Clear();
        return net;
    }

    /// <summary>Whether the network's passes round their outputs to the storage precision (the generated ones will).</summary>
    /// <param name="probe">A network with random weights, whose float32 outputs lie off the float16 grid.</param>
    private static bool RoundsStorage(NetworkBase<float> probe, Dataset data)
    {
        ControlTestSupport.LossAndGradients(probe, data, 8);
        probe.StoragePrecision = StoragePrecision.Float16;
        probe.ComputeLoss(8, gradients: false, out _);
        return probe.LayerOutput(probe.Info.Layers.Count - 1).Span.ToArray().All(v => StorageRounding.RoundToHalf(v) == v);
    }

    private static double ZeroFraction(NetworkBase<float> net)
    {
        int zeros = 0, count = 0;
        foreach (ParameterInfo tensor in net.Info.Parameters)
        {
            foreach (float g in net.GradientValues.Slice(tensor.Offset, tensor.Length)) if (g == 0) zeros++;
            count += tensor.Length;
        }
        return (double)zeros / count;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float16GradientsUnderflowWithoutLossScalingAndLearnLikeFloat32WithIt(bool generated)
    {
        Dataset data = TinyTargets();
        if (generated)
            Assert.True(RoundsStorage(new HalfPrecisionRegressionNet.Network<float>(1), data), "the generated passes must round their stored values to the storage precision");

        // How many gradients survive one step at the initial weights.
        (double OutputZeros, double ParameterZeros) ZerosAtStart(StoragePrecision precision, double scale)
        {
            NetworkBase<float> probe = Regression(generated);
            probe.StoragePrecision = precision;
            probe.SetLossScale(scale);
            ControlTestSupport.LossAndGradients(probe, data, Batch);
            return ((probe as StorageRoundingRegression<float>)?.ZeroOutputGradientFraction ?? double.NaN, ZeroFraction(probe));
        }
        var unscaled = ZerosAtStart(StoragePrecision.Float16, 1);
        var scaled = ZerosAtStart(StoragePrecision.Float16, LossScaling.Dynamic.InitialScale);
        var full = ZerosAtStart(StoragePrecision.Float32, 1);
        output.WriteLine($"exactly-zero dL/dY: float32 {full.OutputZeros:P1}, float16 {unscaled.OutputZeros:P1}, float16 with loss scale 65536 {scaled.OutputZeros:P1}");
        output.WriteLine($"exactly-zero parameter gradients: float32 {full.ParameterZeros:P1}, float16 {unscaled.ParameterZeros:P1}, float16 scaled {scaled.ParameterZeros:P1}");

        (double Initial, double Final) Train(StoragePrecision precision, LossScaling? scaling)
        {
            NetworkBase<float> net = Regression(generated);
            double initial = net.Evaluate(data).Loss;
            TrainingHistory history = net.Fit(data, Options(precision, scaling));
            double final = net.Evaluate(data).Loss;
            output.WriteLine($"{precision,-8} {(scaling is null ? "unscaled" : "scaled  ")}: loss {initial:G4} -> {final:G6} ({final / initial:G3} of initial); scale {history.Last.LossScale?.ToString("G4") ?? "-"}, overflow skips {history.Epochs.Sum(e => e.OverflowSkippedSteps)}");
            Assert.Equal(StoragePrecision.Float32, net.StoragePrecision); // put back after the run
            return (initial, final);
        }
        var single = Train(StoragePrecision.Float32, null);
        var halfUnscaled = Train(StoragePrecision.Float16, null);
        var halfScaled = Train(StoragePrecision.Float16, LossScaling.Dynamic);
        var brain = Train(StoragePrecision.BFloat16, null);

        Assert.True(unscaled.ParameterZeros > 0.99, $"float16 should flush the gradients to zero; {unscaled.ParameterZeros:P1} were");
        Assert.True(scaled.ParameterZeros < 0.01, $"with loss scaling the gradients should survive; {scaled.ParameterZeros:P1} were zero");
        Assert.Equal(0, full.ParameterZeros);
        Assert.True(single.Final < 0.05 * single.Initial, "float32 should learn");
        Assert.True(halfUnscaled.Final > 0.9 * halfUnscaled.Initial, "float16 without loss scaling should not learn");
        // Within a factor 1.5 of the float32 run: float16 rounds y ≈ 6e-6 to its subnormal spacing of 6e-8, about 1%.
        Assert.InRange(halfScaled.Final / single.Final, 1 / 1.5, 1.5);
        Assert.InRange(brain.Final / single.Final, 1 / 1.5, 1.5);
    }

    [Fact]
    public void AnOverflowingStepIsSkippedAndTheScaleBacksOff()
    {
        Dataset data = TinyTargets();
        var net = new StorageRoundingRegression<float>();
        // At 2^50 the scaled loss gradients (about 6e-9 · 1e15) are far beyond float16's 65504.
        var scaling = new LossScaling { InitialScale = Math.Pow(2, 50) };
        TrainingHistory history = net.Fit(data, Options(StoragePrecision.Float16, scaling, epochs: 1) with { BatchSize = Rows });
        Assert.Equal(1, history.Last.OverflowSkippedSteps);
        Assert.Equal(Math.Pow(2, 49), history.Last.LossScale);
        Assert.Contains("loss scale 5.629E+14 (1 overflowing steps skipped)", history.Last.ToString());
        Assert.Equal(0, net.Step);
        Assert.All(net.ParameterValues.ToArray(), w => Assert.Equal(0f, w));

        // Without loss scaling the report says so.
        Assert.Null(new StorageRoundingRegression<float>().Fit(data, Options(StoragePrecision.Float32, null, epochs: 1)).Last.LossScale);
    }

    [Fact]
    public void TheScalerBacksOffOnOverflowAndGrowsAfterTheIntervalOfCleanSteps()
    {
        var scaler = new LossScaler(new LossScaling { InitialScale = 1024, GrowthInterval = 3, GrowthFactor = 4, BackoffFactor = 0.25 });
        Assert.Equal(1024, scaler.Scale);
        Assert.True(scaler.StepFinished(gradientsFinite: true));
        Assert.True(scaler.StepFinished(gradientsFinite: true));
        Assert.Equal(1024, scaler.Scale);
        Assert.False(scaler.StepFinished(gradientsFinite: false)); // skipped; resets the clean count
        Assert.Equal(256, scaler.Scale);
        Assert.Equal(1, scaler.OverflowSkipsThisEpoch);
        Assert.True(scaler.StepFinished(true));
        Assert.True(scaler.StepFinished(true));
        Assert.Equal(256, scaler.Scale);
        Assert.True(scaler.StepFinished(true)); // the third clean step in a row
        Assert.Equal(1024, scaler.Scale);
        scaler.StartEpoch();
        Assert.Equal(0, scaler.OverflowSkipsThisEpoch);

        // The scale never reaches zero, however many steps overflow; at its floor it says it cannot back off
        // (Fit then leaves the step to the non-finite guard).
        var falling = new LossScaler(LossScaling.Dynamic);
        Assert.True(falling.CanBackOff);
        for (int i = 0; i < 2000; i++) falling.StepFinished(false);
        Assert.True(falling.Scale > 0 && (float)falling.Scale > 0 && (float)(1 / falling.Scale) < float.PositiveInfinity);
        Assert.False(falling.CanBackOff);
    }

    [Fact]
    public void SettingsAreRangeCheckedAndDefaultLikePyTorch()
    {
        LossScaling d = LossScaling.Dynamic;
        Assert.Equal((65536.0, 2.0, 0.5, 2000), (d.InitialScale, d.GrowthFactor, d.BackoffFactor, d.GrowthInterval));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossScaling { InitialScale = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossScaling { GrowthFactor = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossScaling { BackoffFactor = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossScaling { BackoffFactor = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossScaling { GrowthInterval = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 1, BatchSize = 1, Optimizer = new Sgd(0.1f), Precision = (StoragePrecision)7 });
    }

    [Fact]
    public void RoundStorageIsANoOpForFloat32AndForDoubleNetworks()
    {
        Dataset data = TinyTargets();
        var wide = new StorageRoundingRegression<double> { StoragePrecision = StoragePrecision.Float16 };
        ControlTestSupport.LossAndGradients(wide, data, Batch);
        Assert.Equal(0, wide.ZeroOutputGradientFraction);
        var single = new StorageRoundingRegression<float> { StoragePrecision = StoragePrecision.Float32 };
        ControlTestSupport.LossAndGradients(single, data, Batch);
        Assert.Equal(0, single.ZeroOutputGradientFraction);
    }
}
