using System.Globalization;
using System.IO.Compression;
using ModelGen.Runtime;

namespace ModelGen.Tests.Training;

/// <summary>Real data sets (copied into the repository) and seeded random ones for gradient checks.</summary>
internal static class TestData
{
    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>Random standard-normal features with random labels or targets that fit <paramref name="info"/>.</summary>
    public static Dataset RandomFor(ModelInfo info, int rows, int seed)
    {
        var rng = new Rng((ulong)seed);
        var features = new float[rows * info.InputWidth];
        for (int i = 0; i < features.Length; i++) features[i] = (float)rng.NextGaussian();
        if (info.Loss == LossKind.SoftmaxCrossEntropy)
        {
            var labels = new int[rows];
            for (int i = 0; i < rows; i++) labels[i] = rng.NextInt(info.OutputWidth);
            return Dataset.ForClassification(features, info.InputWidth, labels);
        }
        var targets = new float[rows * info.OutputWidth];
        for (int i = 0; i < targets.Length; i++)
            targets[i] = info.Loss == LossKind.BinaryCrossEntropyWithLogits ? rng.NextInt(2) : (float)rng.NextGaussian();
        return Dataset.ForTargets(features, info.InputWidth, targets, info.OutputWidth);
    }

    /// <summary>Random token ids in [0, vocabulary) with random class labels, for embedding models.</summary>
    public static Dataset RandomTokensFor(ModelInfo info, int rows, int seed, int vocabulary)
    {
        var rng = new Rng((ulong)seed);
        var tokens = new float[rows * info.InputWidth];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = rng.NextInt(vocabulary);
        var labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = rng.NextInt(info.OutputWidth);
        return Dataset.ForClassification(tokens, info.InputWidth, labels);
    }

    public static (Dataset Train, Dataset Test) Digits()
    {
        var rows = new List<(float[] Pixels, int Label)>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(DataFile("digits.csv.gz")), CompressionMode.Decompress)))
        {
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                float[] values = line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                rows.Add((values[..64].Select(v => v / 16f).ToArray(), (int)values[64]));
            }
        }
        var split = File.ReadLines(DataFile("digits_split.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Dataset Build(string which)
        {
            var chosen = split.Where(s => s[1] == which).Select(s => rows[int.Parse(s[0], CultureInfo.InvariantCulture)]).ToList();
            return Dataset.ForClassification(chosen.SelectMany(r => r.Pixels).ToArray(), 64, chosen.Select(r => r.Label).ToArray());
        }
        return (Build("train"), Build("test"));
    }

    /// <summary>Breast cancer, standardized with the training part's statistics; every 5th row is held out.</summary>
    public static (Dataset Train, Dataset Test) BreastCancer()
    {
        var lines = File.ReadLines(DataFile("breast_cancer.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        return SplitStandardized(lines.Select(l => l[..30]).ToList(), lines.Select(l => new[] { l[30] }).ToList(), standardizeTargets: false);
    }

    /// <summary>Diabetes regression, features and target standardized; every 5th row is held out.</summary>
    public static (Dataset Train, Dataset Test) Diabetes()
    {
        static IEnumerable<string> Lines(string path)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                if (line.Trim().Length > 0) yield return line;
        }
        var features = Lines(DataFile("diabetes_data_raw.csv.gz"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var targets = Lines(DataFile("diabetes_target.csv.gz")).Select(l => new[] { float.Parse(l, CultureInfo.InvariantCulture) }).ToList();
        return SplitStandardized(features, targets, standardizeTargets: true);
    }

    private static (Dataset, Dataset) SplitStandardized(List<float[]> features, List<float[]> targets, bool standardizeTargets)
    {
        var trainRows = Enumerable.Range(0, features.Count).Where(i => i % 5 != 0).ToArray();
        var testRows = Enumerable.Range(0, features.Count).Where(i => i % 5 == 0).ToArray();
        float[][] scaledFeatures = Standardize(features, trainRows);
        float[][] scaledTargets = standardizeTargets ? Standardize(targets, trainRows) : targets.ToArray();
        Dataset Build(int[] rows) => Dataset.ForTargets(
            rows.SelectMany(r => scaledFeatures[r]).ToArray(), features[0].Length,
            rows.SelectMany(r => scaledTargets[r]).ToArray(), targets[0].Length);
        return (Build(trainRows), Build(testRows));
    }

    private static float[][] Standardize(List<float[]> rows, int[] fitRows)
    {
        int columns = rows[0].Length;
        var mean = new double[columns];
        var std = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            mean[c] = fitRows.Average(r => (double)rows[r][c]);
            std[c] = Math.Sqrt(fitRows.Average(r => Math.Pow(rows[r][c] - mean[c], 2)));
            if (std[c] == 0) std[c] = 1;
        }
        return rows.Select(row => row.Select((v, c) => (float)((v - mean[c]) / std[c])).ToArray()).ToArray();
    }
}
