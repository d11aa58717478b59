using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;
using static ModelGen.Tests.TrainingControls.ControlTestSupport;

namespace ModelGen.Tests.TrainingControls;

public class ClippingTests
{
    [Fact]
    public void GlobalNormClippingCapsTheNormExactlyAndKeepsTheDirection()
    {
        var (train, _) = TestData.Digits();
        var net = new DigitsMlp.Network<float>(5);
        LossAndGradients(net, train, 64);
        float[] original = net.GradientValues.ToArray();
        double norm = Norm(original);
        // Accumulated in double by the kernel, rounded to float once per tensor.
        Assert.Equal(norm, net.GradientNorm(), norm * 1e-6);

        double cap = norm / 3;
        Assert.Equal(norm, net.ClipGradientsByGlobalNorm(cap), norm * 1e-6);
        Assert.Equal(cap, Norm(net.GradientValues), cap * 1e-6);
        float[] clipped = net.GradientValues.ToArray();
        for (int i = 0; i < original.Length; i++) Assert.Equal(original[i] / 3, clipped[i], Math.Abs(original[i]) * 1e-6 + 1e-12);
    }

    [Fact]
    public void GlobalNormClippingLeavesSmallGradientsAlone()
    {
        var (train, _) = TestData.Digits();
        var net = new DigitsMlp.Network<float>(5);
        LossAndGradients(net, train, 64);
        float[] original = net.GradientValues.ToArray();
        net.ClipGradientsByGlobalNorm(Norm(original) * 1.01);
        Assert.Equal(original, net.GradientValues.ToArray());
    }

    [Fact]
    public void ValueClippingBoundsEveryElementAndKeepsTheRest()
    {
        var (train, _) = TestData.Digits();
        var net = new DigitsMlp.Network<float>(5);
        LossAndGradients(net, train, 64);
        float[] original = net.GradientValues.ToArray();
        const float limit = 2e-3f;
        Assert.Contains(original, g => Math.Abs(g) > limit);
        net.ClipGradientsByValue(limit);
        float[] clipped = net.GradientValues.ToArray();
        for (int i = 0; i < original.Length; i++)
            Assert.Equal(Math.Clamp(original[i], -limit, limit), clipped[i]);
    }

    [Fact]
    public void FitWithGlobalNormClippingMovesSgdByExactlyTheCap()
    {
        // One batch, one epoch, plain SGD: the update is lr times the clipped gradient.
        var (train, _) = TestData.Digits();
        Dataset batch = train.Subset(Enumerable.Range(0, 64).ToArray());
        var net = new DigitsMlp(6);
        float[] before = net.Engine.ParameterValues.ToArray();
        const double cap = 0.05;
        EpochReport report = net.Engine.Fit(batch, new TrainingOptions { Epochs = 1, BatchSize = 64, Optimizer = new Sgd(0.1f), ClipGlobalNorm = cap }).Last;
        float[] after = net.Engine.ParameterValues.ToArray();
        double moved = Math.Sqrt(before.Zip(after, (b, a) => Math.Pow((double)a - b, 2)).Sum());
        Assert.Equal(0.1 * cap, moved, 1e-3 * 0.1 * cap);
        // The reported norms are the unclipped ones, far above the cap here.
        double global = Math.Sqrt(report.GradientNorms!.Sum(n => n.MaxNorm * n.MaxNorm));
        Assert.True(global > 10 * cap, $"unclipped norm {global}");
    }

    [Fact]
    public void EpochReportCarriesEachLayersGradientNormBeforeClipping()
    {
        var (train, _) = TestData.Digits();
        Dataset batch = train.Subset(Enumerable.Range(0, 32).ToArray());
        var net = new DigitsMlp(8);
        var probe = new DigitsMlp.Network<float>(0);
        probe.CopyParametersFrom(net.Engine);
        LossAndGradients(probe, batch, 32);   // the batch order differs, the mean gradient does not (up to rounding)

        EpochReport report = net.Engine.Fit(batch, new TrainingOptions { Epochs = 1, BatchSize = 32, Optimizer = new Sgd(0.1f), ClipValue = 1e-4 }).Last;
        Assert.Equal(["Hidden", "Hidden2", "Logits"], report.GradientNorms!.Select(n => n.Layer));
        foreach (LayerGradientNorm layer in report.GradientNorms!)
        {
            double expected = LayerNorm(probe, layer.Layer);
            Assert.Equal(expected, layer.MeanNorm, expected * 1e-4);
            Assert.Equal(layer.MeanNorm, layer.MaxNorm);   // one step: mean and max agree
        }
    }
}
