using ModelGen.Runtime;
using Xunit.Abstractions;

namespace ModelGen.Tests.TrainingControls;

public class CurvatureProbeTests(ITestOutputHelper output)
{
    private const int Rows = 200;

    /// <summary>Features with different scales and a non-zero mean, so the Hessian has one clearly largest eigenvalue.</summary>
    private static Dataset RegressionData(int seed)
    {
        var rng = new Rng((ulong)seed);
        var features = new float[Rows * 5];
        for (int i = 0; i < features.Length; i++) features[i] = (float)((1 + i % 5) * rng.NextGaussian() + 0.5);
        var targets = new float[Rows * 2];
        for (int i = 0; i < targets.Length; i++) targets[i] = (float)rng.NextGaussian();
        return Dataset.ForTargets(features, 5, targets, 2);
    }

    /// <summary>
    /// The exact largest eigenvalue: mean squared error over n rows and K outputs has, per output, the
    /// Hessian 2/(n·K)·X̃ᵀX̃ with X̃ = [X 1]; its top eigenvalue by power iteration on the 6×6 X̃ᵀX̃ directly.
    /// </summary>
    private static double AnalyticLargestEigenvalue(Dataset data, int outputs)
    {
        const int width = 6;
        var gram = new double[width, width];
        for (int r = 0; r < data.Count; r++)
        {
            ReadOnlySpan<float> row = data.Row(r);
            for (int a = 0; a < width; a++)
                for (int b = 0; b < width; b++)
                    gram[a, b] += (a < 5 ? row[a] : 1.0) * (b < 5 ? row[b] : 1.0);
        }
        double[] v = [.. Enumerable.Repeat(1.0, width)];
        double eigenvalue = 0;
        for (int k = 0; k < 5000; k++)
        {
            var next = new double[width];
            for (int a = 0; a < width; a++)
                for (int b = 0; b < width; b++) next[a] += gram[a, b] * v[b];
            double norm = Math.Sqrt(next.Sum(x => x * x));
            eigenvalue = norm / Math.Sqrt(v.Sum(x => x * x));
            v = [.. next.Select(x => x / norm)];
        }
        return 2.0 / (data.Count * outputs) * eigenvalue;
    }

    [Fact]
    public void LargestEigenvalueOfALinearRegressionIsWithinOnePercentOfTheAnalyticValue()
    {
        Dataset data = RegressionData(1);
        double expected = AnalyticLargestEigenvalue(data, outputs: 2);
        CurvatureReport wide = TrainingDiagnostics.CurvatureProbe(new LinearRegressionNet.Network<double>(3), data);
        CurvatureReport single = TrainingDiagnostics.CurvatureProbe(new LinearRegressionNet.Network<float>(3), data);
        output.WriteLine($"analytic λ = {expected:G6}; float64 probe: {wide}; float32 probe: {single}");
        Assert.Equal(expected, wide.LargestEigenvalue, expected * 0.01);
        Assert.Equal(expected, single.LargestEigenvalue, expected * 0.01);
        Assert.Equal(2 / wide.LargestEigenvalue, wide.MaxStableLearningRate, 1e-12);
        Assert.Equal(20, wide.Iterations);
        Assert.True(wide.RelativeChange < 1e-3, $"the estimate had not settled: {wide.RelativeChange}");
    }

    [Fact]
    public void FloatNetworksWithAFloat64CopyAreProbedThroughIt()
    {
        // The hand-written network supplies a float64 copy; the probe of its float version must agree with its float64 version.
        var rng = new Rng(4);
        var features = new float[64 * 4];
        for (int i = 0; i < features.Length; i++) features[i] = (float)(3 * rng.NextGaussian());
        Dataset data = Dataset.ForTargets(features, 4, new float[64 * 16], 16);
        double single = TrainingDiagnostics.CurvatureProbe(new StorageRoundingRegression<float>(), data).LargestEigenvalue;
        double wide = TrainingDiagnostics.CurvatureProbe(new StorageRoundingRegression<double>(), data).LargestEigenvalue;
        Assert.Equal(wide, single, wide * 1e-9);
    }

    [Fact]
    public void ProbingLeavesWeightsGradientsAndOptimizerStateUnchanged()
    {
        Dataset data = RegressionData(2);
        var net = new LinearRegressionNet.Network<float>(5);
        var optimizer = new Adam(1e-2f);
        ControlTestSupport.LossAndGradients(net, data, 32);
        net.ApplyOptimizer(optimizer);
        ControlTestSupport.LossAndGradients(net, data, 16);
        float[] weights = net.ParameterValues.ToArray(), gradients = net.GradientValues.ToArray();
        NetworkBase<float>.TrainingSnapshot before = net.SaveTrainingState();

        TrainingDiagnostics.CurvatureProbe(net, data, iterations: 5);

        NetworkBase<float>.TrainingSnapshot after = net.SaveTrainingState();
        Assert.Equal(weights, net.ParameterValues.ToArray());
        Assert.Equal(gradients, net.GradientValues.ToArray());
        Assert.Equal(before.OptimizerState, after.OptimizerState);
        Assert.Same(before.Optimizer, after.Optimizer);
        Assert.Equal(1, net.Step);
    }

    [Fact]
    public void PlainSgdConvergesBelowTheStableRateAndDivergesAboveIt()
    {
        Dataset data = RegressionData(3);
        double rate = TrainingDiagnostics.CurvatureProbe(new LinearRegressionNet.Network<double>(7), data).MaxStableLearningRate;
        double Train(double factor)
        {
            var net = new LinearRegressionNet.Network<double>(7);
            var options = new TrainingOptions { Epochs = 60, BatchSize = Rows, Optimizer = new Sgd((float)(factor * rate)), NonFiniteGuard = null };
            TrainingHistory history = net.Fit(data, options);
            output.WriteLine($"SGD at {factor}×(2/λ) = {factor * rate:G4}: loss {history.Epochs[0].Loss:G4} -> {history.Last.Loss:G4}");
            return history.Last.Loss / history.Epochs[0].Loss;
        }
        Assert.True(Train(0.9) < 0.9, "SGD below 2/λ should converge");
        Assert.True(Train(1.5) > 1e6, "SGD above 2/λ should diverge");
    }

    [Fact]
    public void ArgumentsAreRangeChecked()
    {
        Dataset data = RegressionData(1);
        var net = new LinearRegressionNet.Network<double>(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingDiagnostics.CurvatureProbe(net, data, iterations: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingDiagnostics.CurvatureProbe(net, data, samples: 0));
    }
}
