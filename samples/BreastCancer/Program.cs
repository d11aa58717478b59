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
TabularData? data = SampleConsole.Load("breast cancer", () => BreastCancerData.Load(Path.Combine(options.DataDirectory, BreastCancerData.FileName)));
if (data is null) return 3;

var settings = new BreastCancerSettings { Seed = options.Seed, MaxEpochs = options.Epochs };
Console.WriteLine($"ModelGen breast-cancer sample: {data.Count} samples, {data.FeatureCount} features, seed {settings.Seed}");
SampleConsole.PrintSetup(BreastCancerNet.Info, settings);
BreastCancerResult result = BreastCancerExperiment.Run(data, settings, options.Quiet ? null : ModelOutputs.EpochLines(Console.Out, every: 10));
SampleConsole.PrintTraining("stratified", settings.Seed, result.Split, result.History, result.Validation);

var c = CultureInfo.InvariantCulture;
BinaryMetrics test = result.Test;
Console.WriteLine();
Console.WriteLine($"Test results ({test.Count} samples, class 1 = benign):");
Console.WriteLine(string.Format(c, "  accuracy             {0:P2}", test.Accuracy));
Console.WriteLine(string.Format(c, "  ROC AUC              {0:F4}", test.RocAuc));
Console.WriteLine(string.Format(c, "  precision / recall   {0:F4} / {1:F4}  (benign)", test.PrecisionOf(1), test.RecallOf(1)));
Console.WriteLine(string.Format(c, "  precision / recall   {0:F4} / {1:F4}  (malignant)", test.PrecisionOf(0), test.RecallOf(0)));
Console.WriteLine($"  confusion            TP {test.TruePositives}, FP {test.FalsePositives}, TN {test.TrueNegatives}, FN {test.FalseNegatives}");

SampleConsole.WriteOutputs(options.OutputDirectory, result.Split, result.History, [
    ("modelgen", "accuracy", test.Accuracy), ("modelgen", "roc_auc", test.RocAuc),
    ("modelgen", "precision_benign", test.PrecisionOf(1)), ("modelgen", "recall_benign", test.RecallOf(1)),
    ("modelgen", "precision_malignant", test.PrecisionOf(0)), ("modelgen", "recall_malignant", test.RecallOf(0))]);
return 0;
