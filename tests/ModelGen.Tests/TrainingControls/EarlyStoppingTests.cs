using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class EarlyStoppingTests
{
    /// <summary>20 training digits and a large validation set: the network memorizes the 20 and the validation loss turns up.</summary>
    private static (Dataset Train, Dataset Validation) Overfitting()
    {
        var (train, test) = TestData.Digits();
        return (train.Subset(Enumerable.Range(0, 20).ToArray()), test);
    }

    private static TrainingOptions Options(Dataset validation, EarlyStopping rule) => new()
    {
        Epochs = 200, BatchSize = 20, Optimizer = new Adam(1e-2f), Validation = validation, EarlyStopping = rule,
    };

    [Fact]
    public void StopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestWeights()
    {
        var (train, validation) = Overfitting();
        var net = new DigitsMlp(1);
        TrainingHistory history = net.Engine.Fit(train, Options(validation, new EarlyStopping { Patience = 3 }));

        Assert.True(history.StoppedEarly);
        int best = history.BestEpoch!.Value;
        Assert.Equal(best + 3, history.Epochs.Count);
        double bestLoss = history.Epochs[best - 1].ValidationLoss!.Value;
        Assert.Equal(history.Epochs.Min(e => e.ValidationLoss!.Value), bestLoss);
        Assert.True(history.Last.ValidationLoss > bestLoss);
        Assert.True(history.Last.Loss < history.Epochs[best - 1].Loss, "the training loss kept falling: overfitting");
        Assert.Equal(bestLoss, net.Evaluate(validation).Loss);   // the weights are the best epoch's, bit for bit
    }

    [Fact]
    public void WithoutRestoreTheLastWeightsStay()
    {
        var (train, validation) = Overfitting();
        var net = new DigitsMlp(1);
        TrainingHistory history = net.Engine.Fit(train, Options(validation, new EarlyStopping { Patience = 3, RestoreBestWeights = false }));
        Assert.True(history.StoppedEarly);
        Assert.Equal(history.Last.ValidationLoss!.Value, net.Evaluate(validation).Loss);
    }

    [Fact]
    public void ImprovementsSmallerThanMinDeltaDoNotCount()
    {
        var (train, validation) = Overfitting();
        var net = new DigitsMlp(1);
        TrainingHistory history = net.Engine.Fit(train, Options(validation, new EarlyStopping { Patience = 2, MinDelta = 100 }));
        Assert.Equal(1, history.BestEpoch);
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void RunsEveryEpochWhenTheValidationLossKeepsFalling()
    {
        var (train, test) = TestData.Digits();
        var net = new DigitsMlp(2);
        TrainingHistory history = net.Engine.Fit(train, new TrainingOptions
        {
            Epochs = 3, BatchSize = 64, Optimizer = new Adam(1e-3f), Validation = test, EarlyStopping = new EarlyStopping { Patience = 2 },
        });
        Assert.False(history.StoppedEarly);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(3, history.BestEpoch);
    }
}
