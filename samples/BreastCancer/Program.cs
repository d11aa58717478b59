using System.Globalization;
using BreastCancer;
using Tabular;

// Trains the breast-cancer classifier 30-32-16-1 (ReLU, one logit, BCE with logits, AdamW(1e-3), batch 32)
// on a stratified split fixed by the seed: 20% test, then 20% of the rest for validation (early
// stopping, patience 20, best weights restored). Features are standardized with the train rows' statistics.
// Writes split.csv (row,role) to the output folder so the PyTorch peer trains on the same rows, and results.csv.
// Options: --seed N, --epochs N (most epochs), --data DIR, --out DIR, --quiet.
var options = SampleOptions.Parse(args, "BreastCancer", defaultEpochs: 300);
if (options is null) return 2;

TabularData data;
try { data = BreastCancerData.Load(Path.Combine(options.DataDirectory, BreastCancerData.FileName)); }
catch (Exception error) when (error is IOException or InvalidDataException)
{
    Console.Error.WriteLine($"Cannot load the breast cancer data: {error.Message}");
    return 3;
}

var settings = new BreastCancerSettings { Seed = options.Seed, MaxEpochs = options.Epochs };
var c = CultureInfo.InvariantCulture;
Console.WriteLine($"ModelGen breast-cancer sample: {data.Count} samples, {data.FeatureCount} features, seed {settings.Seed}");
Console.WriteLine($"Model: {BreastCancerNet.Info.Name}, {BreastCancerNet.Info.TrainableParameters:N0} parameters, {string.Join(" -> ", BreastCancerNet.Info.Layers.Select(l => l.Width))}");
Console.WriteLine(string.Format(c, "Training: AdamW(lr {0}, weight decay {1}), batch {2}, at most {3} epochs, early stopping patience {4}",
    settings.LearningRate, settings.WeightDecay, settings.BatchSize, settings.MaxEpochs, settings.Patience));

BreastCancerResult result = BreastCancerExperiment.Run(data, settings, options.Quiet ? null : ModelOutputs.EpochLines(Console.Out, every: 10));
DataSplit split = result.Split;
Console.WriteLine($"Split (stratified, seed {settings.Seed}): {split.Train.Length} train, {split.Validation.Length} validation, {split.Test.Length} test");
Console.WriteLine($"Stopped after {result.History.Epochs.Count} epochs{(result.History.StoppedEarly ? " (early stopping)" : "")}; best validation loss at epoch {result.History.BestEpoch}, whose weights were restored");
Console.WriteLine($"Validation: {result.Validation}");
BinaryMetrics test = result.Test;
Console.WriteLine();
Console.WriteLine($"Test results ({test.Count} samples, class 1 = benign):");
Console.WriteLine(string.Format(c, "  accuracy             {0:P2}", test.Accuracy));
Console.WriteLine(string.Format(c, "  ROC AUC              {0:F4}", test.RocAuc));
Console.WriteLine(string.Format(c, "  precision / recall   {0:F4} / {1:F4}  (benign)", test.PrecisionOf(1), test.RecallOf(1)));
Console.WriteLine(string.Format(c, "  precision / recall   {0:F4} / {1:F4}  (malignant)", test.PrecisionOf(0), test.RecallOf(0)));
Console.WriteLine($"  confusion            TP {test.TruePositives}, FP {test.FalsePositives}, TN {test.TrueNegatives}, FN {test.FalseNegatives}");

Directory.CreateDirectory(options.OutputDirectory);
string splitPath = Path.GetFullPath(Path.Combine(options.OutputDirectory, "split.csv"));
split.Write(splitPath);
string resultsPath = Path.GetFullPath(Path.Combine(options.OutputDirectory, "results.csv"));
ResultsFile.Write(resultsPath, [
    ("modelgen", "accuracy", test.Accuracy), ("modelgen", "roc_auc", test.RocAuc),
    ("modelgen", "precision_benign", test.PrecisionOf(1)), ("modelgen", "recall_benign", test.RecallOf(1)),
    ("modelgen", "precision_malignant", test.PrecisionOf(0)), ("modelgen", "recall_malignant", test.RecallOf(0)),
    ("modelgen", "epochs", result.History.Epochs.Count), ("modelgen", "best_epoch", result.History.BestEpoch ?? 0)]);
Console.WriteLine($"Split written: {splitPath}; test figures: {resultsPath}");
return 0;
