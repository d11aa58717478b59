using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class TrainingOptionsTests
{
    private static TrainingOptions Basic(Optimizer optimizer) => new() { Epochs = 2, BatchSize = 16, Optimizer = optimizer };

    public static TheoryData<string, string, Action> InvalidOptions() => new()
    {
        { "Epochs", "[1,", () => _ = Basic(new Sgd(0.1f)) with { Epochs = 0 } },
        { "BatchSize", "[1,", () => _ = Basic(new Sgd(0.1f)) with { BatchSize = -3 } },
        { "ClipGlobalNorm", "(0, +inf)", () => _ = Basic(new Sgd(0.1f)) with { ClipGlobalNorm = 0 } },
        { "ClipGlobalNorm", "(0, +inf)", () => _ = Basic(new Sgd(0.1f)) with { ClipGlobalNorm = double.NaN } },
        { "ClipValue", "(0, +inf)", () => _ = Basic(new Sgd(0.1f)) with { ClipValue = -1 } },
        { "L1", "[0, +inf)", () => _ = Basic(new Sgd(0.1f)) with { L1 = -1e-4 } },
        { "L2", "[0, +inf)", () => _ = Basic(new Sgd(0.1f)) with { L2 = double.PositiveInfinity } },
        { "Patience", "[1,", () => _ = new EarlyStopping { Patience = 0 } },
        { "MinDelta", "[0, +inf)", () => _ = new EarlyStopping { MinDelta = -0.1 } },
        { "MaxConsecutiveSkips", "[1,", () => _ = new NonFiniteGuard { MaxConsecutiveSkips = 0 } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionNamesItselfAndItsRange(string option, string range, Action build)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(build);
        Assert.Equal(option, e.ParamName);
        Assert.Contains(range, e.Message);
    }

    [Fact]
    public void EarlyStoppingWithoutValidationDataIsRejectedBeforeTraining()
    {
        var net = new ReluNet(1);
        float[] before = net.Engine.ParameterValues.ToArray();
        var options = Basic(new Sgd(0.1f)) with { EarlyStopping = new EarlyStopping() };
        var e = Assert.Throws<ArgumentException>(() => net.Engine.Fit(TestData.RandomFor(ReluNet.Info, 32, 1), options));
        Assert.Contains("Validation", e.Message);
        Assert.Equal(before, net.Engine.ParameterValues.ToArray());
    }

    [Fact]
    public void OptionsWithoutControlsTrainExactlyLikeTheClassicFit()
    {
        var (train, test) = TestData.Digits();
        var classic = new DigitsMlp(3);
        var withOptions = new DigitsMlp(3);
        TrainingHistory a = classic.Fit(train, 2, 64, new AdamW(1e-3f), validation: test);
        TrainingHistory b = withOptions.Engine.Fit(train, new TrainingOptions { Epochs = 2, BatchSize = 64, Optimizer = new AdamW(1e-3f), Validation = test });
        Assert.Equal(classic.Engine.ParameterValues.ToArray(), withOptions.Engine.ParameterValues.ToArray());
        Assert.Equal(a.Last.Loss, b.Last.Loss);
        Assert.Equal(a.Last.ValidationLoss, b.Last.ValidationLoss);
    }

    [Fact]
    public void SameSeedAndOptionsGiveTheSameWeights()
    {
        var (train, test) = TestData.Digits();
        float[] Run()
        {
            var net = new DigitsMlp(11);
            net.Engine.Fit(train, new TrainingOptions
            {
                Epochs = 2, BatchSize = 32, Optimizer = new Momentum(0.05f), Validation = test,
                Schedule = new WarmupCosine(10, 100, 1e-4), ClipGlobalNorm = 1, ClipValue = 0.1, L1 = 1e-5, L2 = 1e-4,
                EarlyStopping = new EarlyStopping { Patience = 1 },
            });
            return net.Engine.ParameterValues.ToArray();
        }
        Assert.Equal(Run(), Run());
    }
}
