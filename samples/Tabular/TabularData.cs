using System.Globalization;
using System.IO.Compression;

namespace Tabular;

/// <summary>
/// A loaded table: one feature row and one target per sample, in file order, kept in double precision
/// so standardization and the closed-form baselines lose nothing before the model's float32.
/// </summary>
public sealed class TabularData
{
    public TabularData(string source, double[][] features, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Length == 0) throw new ArgumentException($"{source} holds no samples.", nameof(features));
        if (features.Length != targets.Length)
            throw new ArgumentException($"{source}: {features.Length} feature rows but {targets.Length} targets.", nameof(targets));
        int width = features[0].Length;
        for (int i = 0; i < features.Length; i++)
        {
            if (features[i].Length != width)
                throw new ArgumentException($"{source}: row {i} has {features[i].Length} features, row 0 has {width}.", nameof(features));
        }
        Source = source;
        Features = features;
        Targets = targets;
    }

    /// <summary>Where the data came from (a path), for messages.</summary>
    public string Source { get; }
    public double[][] Features { get; }
    public double[] Targets { get; }
    public int Count => Features.Length;
    public int FeatureCount => Features[0].Length;

    /// <summary>The targets as 0/1 class labels (for a binary classification table).</summary>
    public int[] Labels() => Targets.Select(t => (int)t).ToArray();
}

/// <summary>Reading helpers that name the file, line and field of anything malformed.</summary>
public static class TableReader
{
    /// <summary>The lines of a text file, gunzipped when the name ends in .gz; a missing file names its path.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The data file {Path.GetFullPath(path)} is missing: copy it from the data folder or pass --data DIR.", path);
        return Read(path);

        static IEnumerable<string> Read(string path)
        {
            using Stream file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(stream);
            string? line;
            while (true)
            {
                try { line = reader.ReadLine(); }
                catch (InvalidDataException error) { throw new InvalidDataException($"{path}: not a valid gzip file ({error.Message}).", error); }
                if (line is null) yield break;
                yield return line;
            }
        }
    }

    /// <summary>A finite number in the invariant culture, or an exception naming file, line and field.</summary>
    public static double Number(string text, string path, int line, int field)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new InvalidDataException($"{path} line {line}: field {field} is '{text}', not a number.");
        if (!double.IsFinite(value))
            throw new InvalidDataException($"{path} line {line}: field {field} is {text}: every value must be finite.");
        return value;
    }

    /// <summary>Splits a line into exactly <paramref name="expected"/> numbers.</summary>
    public static double[] Numbers(string line, char separator, int expected, string path, int lineNumber)
    {
        string[] fields = separator == ' '
            ? line.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : line.Split(separator, StringSplitOptions.TrimEntries);
        if (fields.Length != expected)
            throw new InvalidDataException($"{path} line {lineNumber}: expected {expected} fields, found {fields.Length}.");
        var values = new double[expected];
        for (int i = 0; i < expected; i++) values[i] = Number(fields[i], path, lineNumber, i + 1);
        return values;
    }
}
