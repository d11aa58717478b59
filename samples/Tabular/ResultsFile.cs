using System.Globalization;
using System.Text;

namespace Tabular;

/// <summary>Small output files of the samples (split.csv, results.csv), written whole or not at all.</summary>
public static class ResultsFile
{
    /// <summary>Writes <c>model,metric,value</c> lines (values round-trip, invariant culture) for scripts that compare runs.</summary>
    public static void Write(string path, IEnumerable<(string Model, string Metric, double Value)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("model,metric,value\n");
        foreach (var (model, metric, value) in rows)
            text.Append(model).Append(',').Append(metric).Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        WriteAtomically(path, text.ToString());
    }

    /// <summary>Writes a temporary file in the same folder and renames it over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite: true);
    }
}
