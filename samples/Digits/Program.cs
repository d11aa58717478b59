using System.Globalization;
using Digits;
using Digits.Report;
using ModelGen;
using ModelGen.Kernels;
using ModelGen.Runtime;

// Trains the digits MLP 64-128-64-10 (ReLU, AdamW, batch 64, 30 epochs) on the fixed UCI digits split,
// saves the weights (digits.safetensors) and an HTML training report beside the program.
// Options: --epochs N, --seed N, --threads N, --data DIR, --out DIR, --device cpu|cuda.
var options = SampleOptions.Parse(args);
if (options is null) return 2;

if (options.Threads > 0) KernelThreads.Count = options.Threads;
var (train, test) = DigitsData.Load(options.DataDirectory);
string settings = $"{train.Count} training and {test.Count} test images, AdamW(1e-3), batch 64, seed {options.Seed}, SIMD tier {Simd.Active}, {KernelThreads.Count} thread(s)";
Console.WriteLine($"ModelGen digits sample: {settings}");
Console.WriteLine($"Model: {DigitsNet.Info.Name}, {DigitsNet.Info.TrainableParameters:N0} parameters, {string.Join(" -> ", DigitsNet.Info.Layers.Select(l => l.Width))}");

var net = new DigitsNet(options.Seed);
if (options.Device == Device.Cuda)
{
    try { net.UseDevice(Device.Cuda); }
    catch (ModelGen.Cuda.CudaException error)
    {
        Console.Error.WriteLine($"Cannot train on the GPU: {error.Message}");
        return 3;
    }
    Console.WriteLine("Training on the GPU (CUDA) through the generated PTX kernels.");
}
var optimizer = new AdamW(1e-3f);
TrainingHistory history = TrainingProgress.Run(progress => net.Fit(train, options.Epochs, batchSize: 64, optimizer, progress, validation: test), options.Epochs);

Evaluation result = net.Evaluate(test);
Console.WriteLine($"Test accuracy: {result.Accuracy!.Value.ToString("P2", CultureInfo.InvariantCulture)} ({result})");
Console.WriteLine($"Training time: {history.Epochs.Sum(e => e.Elapsed.TotalMilliseconds).ToString("F0", CultureInfo.InvariantCulture)} ms");

Directory.CreateDirectory(options.OutputDirectory);
string weights = Path.GetFullPath(Path.Combine(options.OutputDirectory, "digits.safetensors"));
net.SaveWeights(weights);
Console.WriteLine($"Saved weights: {weights}");
string report = Path.GetFullPath(Path.Combine(options.OutputDirectory, "training-report.html"));
TrainingReport.Write(report, new TrainingRun(DigitsNet.Info, history, result, test, net.Predict(test), settings, weights));
Console.WriteLine($"Training report: {report}");
return 0;

sealed record SampleOptions(int Epochs, int Seed, int Threads, string DataDirectory, string OutputDirectory, Device Device = Device.Cpu)
{
    public static SampleOptions? Parse(string[] args)
    {
        var options = new SampleOptions(30, 42, 0, Path.Combine(AppContext.BaseDirectory, "Data"), AppContext.BaseDirectory);
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--epochs" when int.TryParse(value, out int e) && e > 0: options = options with { Epochs = e }; i++; break;
                case "--seed" when int.TryParse(value, out int s): options = options with { Seed = s }; i++; break;
                case "--threads" when int.TryParse(value, out int t) && t > 0: options = options with { Threads = t }; i++; break;
                case "--data" when value is not null: options = options with { DataDirectory = value }; i++; break;
                case "--out" when value is not null: options = options with { OutputDirectory = value }; i++; break;
                case "--device" when value is "cpu" or "cuda": options = options with { Device = value == "cuda" ? Device.Cuda : Device.Cpu }; i++; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid option '{args[i]}'. Usage: Digits [--epochs N] [--seed N] [--threads N] [--data DIR] [--out DIR] [--device cpu|cuda]");
                    return null;
            }
        }
        return options;
    }
}
