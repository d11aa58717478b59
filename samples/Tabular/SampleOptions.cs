using System.Globalization;

namespace Tabular;

/// <summary>Command-line options shared by the tabular samples: --seed N, --epochs N, --data DIR, --out DIR, --quiet.</summary>
public sealed record SampleOptions(int Seed, int Epochs, string DataDirectory, string OutputDirectory, bool Quiet)
{
    /// <summary>The options, or null after printing the usage to stderr.</summary>
    public static SampleOptions? Parse(string[] args, string program, int defaultEpochs)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SampleOptions(42, defaultEpochs, Path.Combine(AppContext.BaseDirectory, "Data"), AppContext.BaseDirectory, false);
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) && s >= 0: options = options with { Seed = s }; i++; break;
                case "--epochs" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int e) && e > 0: options = options with { Epochs = e }; i++; break;
                case "--data" when value is not null: options = options with { DataDirectory = value }; i++; break;
                case "--out" when value is not null: options = options with { OutputDirectory = value }; i++; break;
                case "--quiet": options = options with { Quiet = true }; break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid option '{args[i]}'. Usage: {program} [--seed N (>= 0)] [--epochs N (max epochs, > 0)] [--data DIR] [--out DIR] [--quiet]");
                    return null;
            }
        }
        return options;
    }
}
