using System.Globalization;
using Digits;
using ModelGen;
using ModelGen.Kernels;
using ModelGen.Runtime;
using ResidualDigits;

// Trains a pre-norm residual network (graph form, see ResidualDigitsNet.cs) on the fixed UCI digits split
// and prints the test accuracy, the training memory at the batch size and the time per epoch.
// Options: --epochs N, --seed N, --threads N, --data DIR, --quiet.
var options = CommandLine.Parse(args);
if (options is null) return 2;
if (options.Threads > 0) KernelThreads.Count = options.Threads;

var (train, test) = DigitsData.Load(options.DataDirectory);
var settings = new ResidualDigitsSettings { Seed = options.Seed, Epochs = options.Epochs };
ModelInfo info = ResidualDigitsNet.Info;
Console.WriteLine($"ModelGen residual digits sample: {train.Count} training and {test.Count} test images, seed {settings.Seed}, SIMD tier {Simd.Active}, {KernelThreads.Count} thread(s)");
Console.WriteLine($"Model: {info.Name}, {info.TrainableParameters:N0} parameters: Stem 64→{ResidualDigitsNet.Width}, 2 × [h + Dense(Dropout({ResidualDigitsNet.DropoutProbability.ToString(CultureInfo.InvariantCulture)}, Relu(Dense({ResidualDigitsNet.Inner}, LayerNorm(h)))))], LayerNorm, Head → 10; softmax cross-entropy");
Console.WriteLine($"Training: AdamW(lr {settings.LearningRate.ToString(CultureInfo.InvariantCulture)}, weight decay {settings.WeightDecay.ToString(CultureInfo.InvariantCulture)}), batch {settings.BatchSize}, {settings.Epochs} epochs, warmup {settings.WarmupEpochs} epoch then cosine to 0 ({settings.Epochs * settings.StepsPerEpoch(train.Count)} steps)");

ResidualDigitsResult result = ResidualDigitsExperiment.Run(train, test, settings, options.Quiet ? null : new EpochLines());

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test accuracy: {result.Test.Accuracy!.Value:P2} ({result.Test})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Training memory at batch {settings.BatchSize} (AdamW): {result.TrainingMemoryBytes:N0} bytes ({result.TrainingMemoryBytes / 1024.0 / 1024.0:F2} MiB)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Time per epoch: {result.MedianMillisecondsPerEpoch:F1} ms median, {result.MillisecondsPerEpoch:F1} ms mean of {result.History.Epochs.Count} (total {result.History.Epochs.Sum(e => e.Elapsed.TotalMilliseconds):F0} ms)"));
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

sealed record CommandLine(int Epochs, int Seed, int Threads, string DataDirectory, bool Quiet)
{
    public static CommandLine? Parse(string[] args)
    {
        var options = new CommandLine(new ResidualDigitsSettings().Epochs, 42, 0, Path.Combine(AppContext.BaseDirectory, "Data"), false);
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--epochs" when int.TryParse(value, out int e) && e > 0: options = options with { Epochs = e }; i++; break;
                case "--seed" when int.TryParse(value, out int s): options = options with { Seed = s }; i++; break;
                case "--threads" when int.TryParse(value, out int t) && t > 0: options = options with { Threads = t }; i++; break;
                case "--data" when value is not null: options = options with { DataDirectory = value }; i++; break;
                case "--quiet": options = options with { Quiet = true }; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid option '{args[i]}'. Usage: ResidualDigits [--epochs N] [--seed N] [--threads N] [--data DIR] [--quiet]");
                    return null;
            }
        }
        return options;
    }
}
