using System.Diagnostics;
using System.Globalization;
using Digits;
using ModelGen.Checkpoints;
using ModelGen.Runtime;

// Loads trained digits weights (the file samples/Digits saves) and classifies the 360 test digits.
// Usage: DigitsApp [CHECKPOINT] [--data DIR]; CHECKPOINT defaults to digits.safetensors here.
var clock = Stopwatch.StartNew();
string checkpoint = "digits.safetensors";
string dataDirectory = Path.Combine(AppContext.BaseDirectory, "Data");
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--data" && i + 1 < args.Length) dataDirectory = args[++i];
    else if (!args[i].StartsWith('-')) checkpoint = args[i];
    else { Console.Error.WriteLine("usage: DigitsApp [CHECKPOINT] [--data DIR]"); return 2; }
}

var net = new DigitsNet();
try
{
    net.LoadWeights(checkpoint);
}
catch (CheckpointException e)
{
    Console.Error.WriteLine($"Cannot load the model: {e.Message}");
    Console.Error.WriteLine("Train and save it first: dotnet run -c Release --project samples/Digits (it prints where it saved the weights).");
    return 1;
}
TimeSpan loaded = clock.Elapsed;

var (_, test) = DigitsData.Load(dataDirectory);
var predictions = new int[test.Count];
var inference = Stopwatch.StartNew();
for (int i = 0; i < test.Count; i++) predictions[i] = net.Predict(test.Row(i));
inference.Stop();

int correct = 0;
for (int i = 0; i < test.Count; i++) correct += predictions[i] == test.Labels![i] ? 1 : 0;
double accuracy = (double)correct / test.Count;

var c = CultureInfo.InvariantCulture;
Console.WriteLine(string.Format(c, "Loaded {0} ({1:N0} parameters) in {2:F1} ms", Path.GetFileName(checkpoint), DigitsNet.Info.TrainableParameters, loaded.TotalMilliseconds));
Console.WriteLine(string.Format(c, "Classified {0} test digits: accuracy {1:P2} ({2} correct), {3:F2} µs per digit", test.Count, accuracy, correct, inference.Elapsed.TotalMicroseconds / test.Count));
for (int i = 0; i < 3; i++) Console.WriteLine(Sketch(test.Row(i), predictions[i], test.Labels![i]));
Console.WriteLine(string.Format(c, "Total time in process: {0:F1} ms", clock.Elapsed.TotalMilliseconds));
return 0;

// An 8x8 digit as text, shaded by intensity, with the prediction beside it.
static string Sketch(ReadOnlySpan<float> pixels, int predicted, int label)
{
    const string shades = " .:-=+*#%@";
    var lines = new List<string>();
    for (int row = 0; row < 8; row++)
    {
        var line = new char[16];
        for (int col = 0; col < 8; col++)
        {
            char shade = shades[(int)Math.Clamp(pixels[row * 8 + col] * (shades.Length - 1), 0, shades.Length - 1)];
            line[2 * col] = line[2 * col + 1] = shade;
        }
        lines.Add("  " + new string(line) + (row == 3 ? $"   predicted {predicted}, label {label}" : ""));
    }
    return string.Join(Environment.NewLine, lines);
}
