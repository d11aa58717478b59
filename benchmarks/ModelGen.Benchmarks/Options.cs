using System.Globalization;

namespace ModelGen.Benchmarks;

/// <summary>Command line: which models, how many threads, how long, where to write JSON.</summary>
internal sealed record Options(
    IReadOnlyList<string> Models,
    IReadOnlyList<int> Threads,
    bool Quick,
    string? JsonPath,
    int? Steps,
    int Seed)
{
    public const string Usage =
        "Usage: ModelGen.Benchmarks [--model digits|large|residual|all] [--threads 1,2] [--steps N] [--seed N] [--quick] [--json FILE]\n" +
        "  --model    comma-separated models to run (default all)\n" +
        "  --threads  comma-separated kernel thread counts (default 1,2)\n" +
        "  --steps    measured training steps per configuration (default: per model)\n" +
        "  --quick    short warm-up and few steps: a smoke run, not numbers to quote\n" +
        "  --json     also write the results as JSON to FILE";

    public static Options? Parse(string[] args)
    {
        var options = new Options(Workloads.Names, [1, 2], Quick: false, JsonPath: null, Steps: null, Seed: 1);
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--model" when value is not null:
                    string[] models = value == "all" ? [.. Workloads.Names] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (models.Length == 0 || models.Any(m => !Workloads.Names.Contains(m))) return Fail($"unknown model in '{value}'; known: {string.Join(", ", Workloads.Names)}");
                    options = options with { Models = models };
                    i++;
                    break;
                case "--threads" when value is not null:
                    int[]? threads = ParseCounts(value);
                    if (threads is null) return Fail($"invalid thread list '{value}'");
                    options = options with { Threads = threads };
                    i++;
                    break;
                case "--steps" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int steps) && steps > 0:
                    options = options with { Steps = steps };
                    i++;
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed):
                    options = options with { Seed = seed };
                    i++;
                    break;
                case "--json" when value is not null:
                    options = options with { JsonPath = value };
                    i++;
                    break;
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return null;
                default:
                    return Fail($"unknown or incomplete option '{args[i]}'");
            }
        }
        return options;
    }

    private static int[]? ParseCounts(string text)
    {
        var counts = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1) return null;
            counts.Add(n);
        }
        return counts.Count == 0 ? null : [.. counts];
    }

    private static Options? Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine(Usage);
        return null;
    }
}
