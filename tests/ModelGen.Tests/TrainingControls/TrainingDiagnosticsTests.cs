using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class TrainingDiagnosticsTests
{
    private static void Scale(NetworkBase<float> network, string parameter, float factor)
    {
        Span<float> values = network.Parameter(parameter);
        for (int i = 0; i < values.Length; i++) values[i] *= factor;
    }

    [Fact]
    public void FreshDigitsNetworkStartsNearLogTen()
    {
        var (train, _) = TestData.Digits();
        InitialLossReport report = TrainingDiagnostics.InitialLossCheck(new DigitsMlp.Network<float>(1), train);
        Assert.Equal(Math.Log(10), report.Expected, 12);
        Assert.False(report.Suspicious, report.ToString());
        Assert.InRange(report.Actual, Math.Log(10) / 2, 2 * Math.Log(10));
    }

    [Fact]
    public void BinaryAndRegressionModelsAreComparedWithTheirOwnBaselines()
    {
        var (cancer, _) = TestData.BreastCancer();
        InitialLossReport binary = TrainingDiagnostics.InitialLossCheck(new CancerNet.Network<float>(1), cancer);
        Assert.Equal(Math.Log(2), binary.Expected, 12);
        Assert.False(binary.Suspicious, binary.ToString());

        var (diabetes, _) = TestData.Diabetes();
        InitialLossReport regression = TrainingDiagnostics.InitialLossCheck(new DiabetesNet.Network<float>(1), diabetes);
        Assert.Equal(diabetes.Targets!.Average(t => (double)t * t), regression.Expected, 12);   // the loss of predicting 0
        Assert.False(regression.Suspicious, regression.ToString());
    }

    [Fact]
    public void OverconfidentInitializationIsFlagged()
    {
        var (train, _) = TestData.Digits();
        var net = new DigitsMlp.Network<float>(1);
        Scale(net, "Logits.Weight", 30);
        InitialLossReport report = TrainingDiagnostics.InitialLossCheck(net, train);
        Assert.True(report.Suspicious, report.ToString());
        Assert.True(report.Ratio > 2);
        Assert.Contains("more than 2x off", report.ToString());
    }

    [Fact]
    public void DigitsNetworkOverfitsOneBatchAndIsLeftUntouched()
    {
        var (train, _) = TestData.Digits();
        var net = new DigitsMlp.Network<float>(2);
        net.Fit(train.Subset([0, 1, 2, 3]), 1, 4, new Sgd(0.01f));   // an optimizer and step count to preserve
        float[] before = net.ParameterValues.ToArray();
        long step = net.Step;

        OverfitOneBatchReport report = TrainingDiagnostics.OverfitOneBatch(net, train, new Adam(1e-2f), batchSize: 16, steps: 100);
        Assert.True(report.Passed, report.ToString());
        Assert.True(report.FinalLoss < 0.05 && report.InitialLoss > 1);
        Assert.Equal(before, net.ParameterValues.ToArray());
        Assert.Equal(step, net.Step);
    }

    [Fact]
    public void ANetworkThatCannotLearnFailsTheOverfitCheck()
    {
        var (train, _) = TestData.Digits();
        OverfitOneBatchReport report = TrainingDiagnostics.OverfitOneBatch(new DigitsMlp.Network<float>(2), train, new Sgd(0f), steps: 20);
        Assert.False(report.Passed);
        Assert.Equal(report.InitialLoss, report.FinalLoss);
        Assert.Contains("not below", report.ToString());
    }

    [Fact]
    public void HealthyDigitsGradientsAreNotFlagged()
    {
        var (train, _) = TestData.Digits();
        GradientHealthReport report = TrainingDiagnostics.GradientReport(new DigitsMlp.Network<float>(3), train);
        Assert.Equal(["Hidden", "Hidden2", "Logits"], report.Layers.Select(l => l.Layer));
        Assert.Empty(report.Flagged);
        Assert.All(report.Layers, l => Assert.InRange(l.Ratio, 1e-5, 10));
    }

    [Fact]
    public void TinyOutputWeightsMakeTheOutputLayerExplodeAndTheLayersBelowVanish()
    {
        // Logits.Weight scaled by 1e-7: its own gradient (from Hidden2's normal-sized activations) is
        // huge relative to it, and the gradient reaching the hidden layers goes through it, so shrinks by 1e-7.
        var (train, _) = TestData.Digits();
        var net = new DigitsMlp.Network<float>(3);
        Scale(net, "Logits.Weight", 1e-7f);
        GradientHealthReport report = TrainingDiagnostics.GradientReport(net, train);
        Assert.Equal(["Hidden", "Hidden2", "Logits"], report.Flagged.Select(l => l.Layer));
        Assert.True(report.Layers[2].Exploding, report.ToString());
        Assert.True(report.Layers[0].Vanishing && report.Layers[1].Vanishing, report.ToString());
        Assert.Contains("EXPLODING", report.ToString());
        Assert.Contains("VANISHING", report.ToString());
    }
}
