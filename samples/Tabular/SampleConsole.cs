using ModelGen.Runtime;

namespace Tabular;

/// <summary>The parts of the samples' console output and files that do not depend on the task.</summary>
public static class SampleConsole
{
    /// <summary>Runs <paramref name="load"/>; on a missing or malformed file prints why to stderr and returns null.</summary>
    public static TabularData? Load(string what, Func<TabularData> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        try { return load(); }
        catch (Exception error) when (error is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"Cannot load the {what} data: {error.Message}");
            return null;
        }
    }

    public static void PrintSetup(ModelInfo model, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        Console.WriteLine($"Model: {model.Name}, {model.TrainableParameters:N0} parameters, {string.Join(" -> ", model.Layers.Select(l => l.Width))}");
        Console.WriteLine($"Training: {settings}");
    }

    public static void PrintTraining(string splitKind, int seed, DataSplit split, TrainingHistory history, object validation)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(history);
        Console.WriteLine($"Split ({splitKind}, seed {seed}): {split.Train.Length} train, {split.Validation.Length} validation, {split.Test.Length} test");
        Console.WriteLine($"Stopped after {history.Epochs.Count} epochs{(history.StoppedEarly ? " (early stopping)" : "")}; best validation loss at epoch {history.BestEpoch}, whose weights were restored");
        Console.WriteLine($"Validation: {validation}");
    }

    /// <summary>Writes split.csv and results.csv into <paramref name="directory"/> and prints their paths.</summary>
    public static void WriteOutputs(string directory, DataSplit split, TrainingHistory history, IEnumerable<(string Model, string Metric, double Value)> results)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(history);
        string splitPath = Path.GetFullPath(Path.Combine(directory, "split.csv"));
        split.Write(splitPath);
        string resultsPath = Path.GetFullPath(Path.Combine(directory, "results.csv"));
        ResultsFile.Write(resultsPath, results
            .Append(("modelgen", "epochs", history.Epochs.Count))
            .Append(("modelgen", "best_epoch", history.BestEpoch ?? 0)));
        Console.WriteLine($"Split written: {splitPath}; test figures: {resultsPath}");
    }
}
