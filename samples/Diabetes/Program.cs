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
TabularData? data = SampleConsole.Load("diabetes", () => DiabetesData.Load(options.DataDirectory));
if (data is null) return 3;

var settings = new DiabetesSettings { Seed = options.Seed, MaxEpochs = options.Epochs };
Console.WriteLine($"ModelGen diabetes sample: {data.Count} samples, {data.FeatureCount} raw features ({string.Join(", ", DiabetesData.FeatureNames)}), seed {settings.Seed}");
SampleConsole.PrintSetup(DiabetesNet.Info, settings);
DiabetesResult result = DiabetesExperiment.Run(data, settings, options.Quiet ? null : ModelOutputs.EpochLines(Console.Out, every: 25));
SampleConsole.PrintTraining("random", settings.Seed, result.Split, result.History, result.Validation);

var c = CultureInfo.InvariantCulture;
Console.WriteLine();
Console.WriteLine($"Test results ({result.Test.Count} samples, target units):");
Console.WriteLine("  model                        MSE      RMSE     MAE      R²");
var models = new[] { ("ModelGen MLP", "modelgen", result.Test), (string.Format(c, "ridge (alpha {0})", settings.RidgeAlpha), "ridge", result.RidgeTest), ("least squares", "least_squares", result.LeastSquaresTest) };
foreach (var (name, _, m) in models)
    Console.WriteLine(string.Format(c, "  {0,-24} {1,8:F1} {2,8:F2} {3,8:F2} {4,8:F4}", name, m.MeanSquaredError, m.RootMeanSquaredError, m.MeanAbsoluteError, m.RSquared));

SampleConsole.WriteOutputs(options.OutputDirectory, result.Split, result.History, models.SelectMany(m => new[]
{
    (m.Item2, "mse", m.Item3.MeanSquaredError), (m.Item2, "rmse", m.Item3.RootMeanSquaredError),
    (m.Item2, "mae", m.Item3.MeanAbsoluteError), (m.Item2, "r2", m.Item3.RSquared),
}));
return 0;
