using System.IO.Compression;
using System.Text;

namespace ModelGen.Tests.Samples;

/// <summary>The test copies of the real data, and small files written on purpose (malformed ones included).</summary>
internal static class SampleDataFiles
{
    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "Data");

    public static string BreastCancer => Path.Combine(DataDirectory, "breast_cancer.csv");

    public static void WriteGzip(string path, string text)
    {
        using var stream = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
    }

    /// <summary>A breast-cancer style row: 30 features, then the label.</summary>
    public static string CancerRow(int label, string? feature = null) =>
        string.Join(",", Enumerable.Range(0, 30).Select(i => i == 4 && feature is not null ? feature : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "," + label.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
