using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class MixupTests
{
    private static TrainingOptions Options(double? mixup, int batch, int epochs = 3) => new()
    {
        Epochs = epochs, BatchSize = batch, Optimizer = new Sgd(0.1f), Mixup = mixup,
    };

    [Fact]
    public void MixupRunsAreDeterministicForASeedAndDifferFromPlainRuns()
    {
        Dataset data = TestData.RandomFor(TanhNet.Info, 96, seed: 1);
        float[] Run(double? mixup)
        {
            var net = new TanhNet.Network<float>(3);
            net.Fit(data, Options(mixup, batch: 16));
            return net.ParameterValues.ToArray();
        }
        float[] first = Run(0.4), second = Run(0.4);
        Assert.Equal(first, second);
        Assert.NotEqual(Run(null), first);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATinyAlphaTrainsLikeNoMixup(bool regression)
    {
        // Beta(α, α) with α → 0 puts λ at 0 or 1: each batch is itself or a permutation of itself, whose
        // mean loss and gradient are the same. Full batches make the shuffles (which mixup's draws shift) irrelevant.
        ModelInfo info = regression ? MseNet.Info : TanhNet.Info;
        Dataset data = TestData.RandomFor(info, 64, seed: 2);
        double[] Run(double? mixup)
        {
            NetworkBase<double> net = regression ? new MseNet.Network<double>(4) : new TanhNet.Network<double>(4);
            net.Fit(data, Options(mixup, batch: 64, epochs: 8));
            return net.ParameterValues.ToArray();
        }
        double[] plain = Run(null), mixed = Run(1e-6);
        for (int i = 0; i < plain.Length; i++) Assert.Equal(plain[i], mixed[i], 1e-12);
        Assert.NotEqual(plain, Run(1.0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheCombinedGradientIsTheGradientOfTheMixedLoss(bool regression)
    {
        // The reference loss is built independently: data sets holding the mixed rows, evaluated
        // against the rows' own labels and their partners' (or against the mixed targets).
        const int rows = 8;
        const double lambda = 0.3;
        int[] partners = [3, 0, 7, 1, 2, 6, 4, 5];
        ModelInfo info = regression ? MseNet.Info : TanhNet.Info;
        Dataset data = TestData.RandomFor(info, rows, seed: 3);
        NetworkBase<double> net = regression ? new MseNet.Network<double>(5) : new TanhNet.Network<double>(5);

        float[] mixedFeatures = Mix(data.Features, data.FeatureCount);
        Func<double> referenceLoss;
        if (regression)
        {
            Dataset mixed = Dataset.ForTargets(mixedFeatures, data.FeatureCount, Mix(data.Targets!, data.TargetCount), data.TargetCount);
            referenceLoss = () => net.Evaluate(mixed).Loss;
        }
        else
        {
            Dataset own = Dataset.ForClassification(mixedFeatures, data.FeatureCount, data.Labels!);
            Dataset other = Dataset.ForClassification(mixedFeatures, data.FeatureCount, [.. partners.Select(p => data.Labels![p])]);
            referenceLoss = () => lambda * net.Evaluate(own).Loss + (1 - lambda) * net.Evaluate(other).Loss;
        }

        net.LoadBatch(data, [.. Enumerable.Range(0, rows)]);
        net.MixBatch(rows, lambda, partners);
        double loss = net.ComputeMixedLoss(rows, lambda, gradients: true, out _);
        double[] gradient = net.GradientValues.ToArray();
        Assert.Equal(referenceLoss(), loss, 1e-6);

        Span<double> weights = net.ParameterValues;
        foreach (ParameterInfo tensor in net.Info.Parameters)
        {
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                double saved = weights[i], h = 1e-5;
                weights[i] = saved + h; double plus = referenceLoss();
                weights[i] = saved - h; double minus = referenceLoss();
                weights[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{tensor.Name}[{i - tensor.Offset}]: {gradient[i]:R} vs {numeric:R}");
            }
        }

        float[] Mix(float[] values, int width)
        {
            var mixed = new float[rows * width];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < width; c++)
                    mixed[r * width + c] = (float)(lambda * values[r * width + c] + (1 - lambda) * values[partners[r] * width + c]);
            return mixed;
        }
    }

    [Fact]
    public void AlphaIsRangeChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(double.NaN, 8));
    }
}
