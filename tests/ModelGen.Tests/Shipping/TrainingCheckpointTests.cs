using ModelGen.Checkpoints;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.Shipping;

/// <summary>A training checkpoint resumes training as if it had never stopped.</summary>
public class TrainingCheckpointTests
{
    public static TheoryData<string> Optimizers => ["Adam", "AdamW", "Sgd", "Momentum", "RmsProp"];

    private static Optimizer Create(string name) => name switch
    {
        "Adam" => new Adam(1e-3f),
        "AdamW" => new AdamW(1e-3f),
        "Sgd" => new Sgd(0.05f),
        "Momentum" => new Momentum(0.05f),
        _ => new RmsProp(1e-3f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void TwoEpochsSavedLoadedAndTwoMoreEqualFourEpochsBitForBit(string optimizer)
    {
        using var dir = new TempDirectory();
        var (train, _) = TestData.Digits();

        var straight = new DigitsMlp(seed: 7);
        straight.Fit(train, epochs: 4, batchSize: 64, optimizer: Create(optimizer));

        var first = new DigitsMlp(seed: 7);
        first.Fit(train, epochs: 2, batchSize: 64, optimizer: Create(optimizer));
        string path = dir.File("training.safetensors");
        first.SaveTrainingCheckpoint(path);

        var resumed = new DigitsMlp(seed: 1234); // another seed: everything must come from the file
        Optimizer again = Create(optimizer);
        resumed.LoadTrainingCheckpoint(path, again);
        Assert.Equal(first.Engine.Step, resumed.Engine.Step);
        resumed.Fit(train, epochs: 2, batchSize: 64, optimizer: again);

        Assert.Equal(straight.Engine.ParameterValues.ToArray(), resumed.Engine.ParameterValues.ToArray());
        Assert.Equal(straight.Engine.Step, resumed.Engine.Step);
    }

    [Fact]
    public void ResumingWithAnotherOptimizerTypeIsRefused()
    {
        using var dir = new TempDirectory();
        var net = new ReluNet(seed: 1);
        net.Fit(TestData.RandomFor(ReluNet.Info, 32, 1), epochs: 1, batchSize: 8, optimizer: new Adam());
        string path = dir.File("t.safetensors");
        net.SaveTrainingCheckpoint(path);

        var other = new ReluNet(seed: 2);
        float[] before = other.Engine.ParameterValues.ToArray();
        var error = Assert.Throws<CheckpointException>(() => other.LoadTrainingCheckpoint(path, new Sgd(0.1f)));
        Assert.Contains("ModelGen.Adam", error.Message);
        Assert.Equal(before, other.Engine.ParameterValues.ToArray());
        Assert.Equal(0, other.Engine.Step);
    }

    [Fact]
    public void LoadWeightsTakesTheWeightsOfATrainingCheckpoint()
    {
        using var dir = new TempDirectory();
        var net = new ReluNet(seed: 1);
        net.Fit(TestData.RandomFor(ReluNet.Info, 32, 1), epochs: 1, batchSize: 8, optimizer: new Adam());
        string path = dir.File("t.safetensors");
        net.SaveTrainingCheckpoint(path);
        var other = new ReluNet(seed: 2);
        other.LoadWeights(path);
        Assert.Equal(net.Engine.ParameterValues.ToArray(), other.Engine.ParameterValues.ToArray());
    }

    [Fact]
    public void AWeightsFileIsNotATrainingCheckpoint()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.safetensors");
        new ReluNet(seed: 1).SaveWeights(path);
        var error = Assert.Throws<CheckpointException>(() => new ReluNet(seed: 2).LoadTrainingCheckpoint(path, new Adam()));
        Assert.Contains("not a training checkpoint", error.Message);
    }

    [Fact]
    public void SavingTrainingStateBeforeTrainingIsAnError()
    {
        using var dir = new TempDirectory();
        Assert.Throws<InvalidOperationException>(() => new ReluNet(seed: 1).SaveTrainingCheckpoint(dir.File("t.safetensors")));
    }
}
