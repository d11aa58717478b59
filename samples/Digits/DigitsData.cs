using System.Globalization;
using System.IO.Compression;
using ModelGen.Runtime;

namespace Digits;

/// <summary>Loads the UCI digits and the fixed train/test split; pixels are scaled from 0..16 to 0..1.</summary>
public static class DigitsData
{
    public const int Pixels = 64;

    public static (Dataset Train, Dataset Test) Load(string directory)
    {
        string dataPath = Path.Combine(directory, "digits.csv.gz");
        string splitPath = Path.Combine(directory, "digits_split.csv");
        if (!File.Exists(dataPath) || !File.Exists(splitPath))
            throw new FileNotFoundException($"The digits data is missing: expected {dataPath} and {splitPath}.");

        var rows = new List<(float[] Pixels, int Label)>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(dataPath), CompressionMode.Decompress)))
        {
            int lineNumber = 0;
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                lineNumber++;
                if (line.Length == 0) continue;
                string[] fields = line.Split(',');
                if (fields.Length != Pixels + 1)
                    throw new InvalidDataException($"{dataPath} line {lineNumber}: expected {Pixels + 1} fields, found {fields.Length}.");
                var pixels = new float[Pixels];
                for (int i = 0; i < Pixels; i++) pixels[i] = float.Parse(fields[i], CultureInfo.InvariantCulture) / 16f;
                rows.Add((pixels, (int)float.Parse(fields[Pixels], CultureInfo.InvariantCulture)));
            }
        }

        var train = new List<int>();
        var test = new List<int>();
        foreach (string line in File.ReadLines(splitPath).Skip(1))
        {
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            int row = int.Parse(fields[0], CultureInfo.InvariantCulture);
            (fields[1] == "train" ? train : test).Add(row);
        }
        return (Build(rows, train), Build(rows, test));
    }

    private static Dataset Build(List<(float[] Pixels, int Label)> rows, List<int> indices)
    {
        var features = new float[indices.Count * Pixels];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            rows[indices[i]].Pixels.CopyTo(features, i * Pixels);
            labels[i] = rows[indices[i]].Label;
        }
        return Dataset.ForClassification(features, Pixels, labels);
    }
}
