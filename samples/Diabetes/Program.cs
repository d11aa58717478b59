using System.Globalization;
using Diabetes;
using Tabular;

// Trains the diabetes regressor 10-16-1 (ReLU, MSE, AdamW(1e-3), batch 32) on a random split fixed by
// the seed: 20% test, then 20% of the rest for validation (early stopping, patience 30, best weights
// restored). Features and target are standardized with the train rows' statistics; predictions are
// mapped back to target units. Compares with closed-form ridge (alpha 1) and least squares on the same rows.
// Writes split.csv (row,role) to the output folder so the PyTorch peer trains on the same rows, and results.csv.
// Options: --seed N, --epochs N (most epochs), --data DIR, --out DIR, --quiet.
var options = SampleOptions.Parse(args, "Diabetes", defaultEpochs: 500);
if (options is null) return 2;

TabularData data;
try { data = DiabetesData.Load(options.DataDirectory); }
catch (Exception error) when (error is IOException or InvalidDataException)
{
    Console.Error.WriteLine($"Cannot load the diabetes data: {error.Message}");
    return 3;
}

var settings = new DiabetesSettings { Seed = options.Seed, MaxEpochs = options.Epochs };
var c = CultureInfo.InvariantCulture;
Console.WriteLine($"ModelGen diabetes sample: {data.Count} samples, {data.FeatureCount} raw features ({string.Join(", ", DiabetesData.FeatureNames)}), seed {settings.Seed}");
Console.WriteLine($"Model: {DiabetesNet.Info.Name}, {DiabetesNet.Info.TrainableParameters:N0} parameters, {string.Join(" -> ", DiabetesNet.Info.Layers.Select(l => l.Width))}");
Console.WriteLine(string.Format(c, "Training: AdamW(lr {0}, weight decay {1}), batch {2}, at most {3} epochs, early stopping patience {4}",
    settings.LearningRate, settings.WeightDecay, settings.BatchSize, settings.MaxEpochs, settings.Patience));

DiabetesResult result = DiabetesExperiment.Run(data, settings, options.Quiet ? null : ModelOutputs.EpochLines(Console.Out, every: 25));
DataSplit split = result.Split;
Console.WriteLine($"Split (random, seed {settings.Seed}): {split.Train.Length} train, {split.Validation.Length} validation, {split.Test.Length} test");
Console.WriteLine($"Stopped after {result.History.Epochs.Count} epochs{(result.History.StoppedEarly ? " (early stopping)" : "")}; best validation loss at epoch {result.History.BestEpoch}, whose weights were restored");
Console.WriteLine($"Validation: {result.Validation}");
Console.WriteLine();
Console.WriteLine($"Test results ({result.Test.Count} samples, target units):");
Console.WriteLine("  model                        MSE      RMSE     MAE      R²");
void Row(string name, RegressionMetrics m) => Console.WriteLine(string.Format(c, "  {0,-24} {1,8:F1} {2,8:F2} {3,8:F2} {4,8:F4}", name, m.MeanSquaredError, m.RootMeanSquaredError, m.MeanAbsoluteError, m.RSquared));
Row("ModelGen MLP", result.Test);
Row(string.Format(c, "ridge (alpha {0})", settings.RidgeAlpha), result.RidgeTest);
Row("least squares", result.LeastSquaresTest);

Directory.CreateDirectory(options.OutputDirectory);
string splitPath = Path.GetFullPath(Path.Combine(options.OutputDirectory, "split.csv"));
split.Write(splitPath);
string resultsPath = Path.GetFullPath(Path.Combine(options.OutputDirectory, "results.csv"));
ResultsFile.Write(resultsPath, new[] { ("modelgen", result.Test), ("ridge", result.RidgeTest), ("least_squares", result.LeastSquaresTest) }
    .SelectMany(m => new[] { (m.Item1, "mse", m.Item2.MeanSquaredError), (m.Item1, "rmse", m.Item2.RootMeanSquaredError), (m.Item1, "mae", m.Item2.MeanAbsoluteError), (m.Item1, "r2", m.Item2.RSquared) })
    .Append(("modelgen", "epochs", result.History.Epochs.Count)).Append(("modelgen", "best_epoch", result.History.BestEpoch ?? 0)));
Console.WriteLine($"Split written: {splitPath}; test figures: {resultsPath}");
return 0;
