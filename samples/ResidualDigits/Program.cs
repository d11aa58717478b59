using System.Globalization;
using Digits;
using ModelGen.Kernels;
using ModelGen.Runtime;
using ResidualDigits;
using Tabular;

// Trains a pre-norm residual network (graph form, see ResidualDigitsNet.cs) on the fixed UCI digits split,
// prints the test accuracy, the training memory at the batch size and the time per epoch, and saves the
// weights (residual-digits.safetensors). Options: --seed N, --epochs N, --data DIR, --out DIR, --quiet.
// The kernels use min(2, processors) threads: DOTNET_PROCESSOR_COUNT=1 measures one thread.
var defaults = new ResidualDigitsSettings();
SampleOptions? options = SampleOptions.Parse(args, "ResidualDigits", defaults.Epochs);
if (options is null) return 2;

Dataset train, test;
try { (train, test) = DigitsData.Load(options.DataDirectory); }
catch (Exception error) when (error is IOException or InvalidDataException)
{
    Console.Error.WriteLine($"Cannot load the digits data: {error.Message}");
    return 3;
}
var settings = defaults with { Seed = options.Seed, Epochs = options.Epochs };
ModelInfo info = ResidualDigitsNet.Info;
Console.WriteLine($"ModelGen residual digits sample: {train.Count} training and {test.Count} test images, seed {settings.Seed}, SIMD tier {Simd.Active}, {KernelThreads.Count} thread(s)");
Console.WriteLine($"Model: {info.Name}, {info.TrainableParameters:N0} parameters: Stem 64→{ResidualDigitsNet.Width}, 2 × [h + Dense(Dropout({ResidualDigitsNet.DropoutProbability.ToString(CultureInfo.InvariantCulture)}, Relu(Dense({ResidualDigitsNet.Inner}, LayerNorm(h)))))], LayerNorm, Head → 10; softmax cross-entropy");
Console.WriteLine($"Training: AdamW(lr {settings.LearningRate.ToString(CultureInfo.InvariantCulture)}, weight decay {settings.WeightDecay.ToString(CultureInfo.InvariantCulture)}), batch {settings.BatchSize}, {settings.Epochs} epochs, warmup {settings.WarmupEpochs} epoch then cosine to 0 ({settings.Epochs * settings.StepsPerEpoch(train.Count)} steps)");

var net = new ResidualDigitsNet(settings.Seed);
ResidualDigitsResult result = ResidualDigitsExperiment.Run(net, train, test, settings, options.Quiet ? null : new EpochLines());

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test accuracy: {result.Test.Accuracy!.Value:P2} ({result.Test})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Training memory at batch {settings.BatchSize} (AdamW): {result.TrainingMemoryBytes:N0} bytes ({result.TrainingMemoryBytes / 1024.0 / 1024.0:F2} MiB)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Time per epoch: {result.MedianMillisecondsPerEpoch:F1} ms median, {result.MillisecondsPerEpoch:F1} ms mean of {result.History.Epochs.Count} (total {result.History.Epochs.Sum(e => e.Elapsed.TotalMilliseconds):F0} ms)"));
Directory.CreateDirectory(options.OutputDirectory);
string weights = Path.GetFullPath(Path.Combine(options.OutputDirectory, "residual-digits.safetensors"));
net.SaveWeights(weights);
Console.WriteLine($"Saved weights: {weights}");
return 0;

/// <summary>Prints epochs 1, 5, 10, ... and the last, on the training thread (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
sealed class EpochLines : IProgress<EpochReport>
{
    public void Report(EpochReport report)
    {
        if (report.Epoch == 1 || report.Epoch % 5 == 0 || report.Epoch == report.Epochs)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {report.Epoch,3}: train loss {report.Loss:F4}, train accuracy {report.Accuracy:P2}, {report.Elapsed.TotalMilliseconds:F0} ms"));
    }
}
