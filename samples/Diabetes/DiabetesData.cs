using Tabular;

namespace Diabetes;

/// <summary>
/// Loads the diabetes data: <c>diabetes_data_raw.csv.gz</c> (gzip, 10 space-separated raw features a
/// line) and <c>diabetes_target.csv.gz</c> (gzip, one target a line), row i of one with line i of the
/// other. A malformed line is an <see cref="InvalidDataException"/> naming the file and line; files of
/// different lengths are refused, naming both.
/// </summary>
public static class DiabetesData
{
    public const string FeaturesFileName = "diabetes_data_raw.csv.gz";
    public const string TargetFileName = "diabetes_target.csv.gz";
    public const int Features = 10;

    public static readonly string[] FeatureNames = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

    public static TabularData Load(string directory) =>
        Load(Path.Combine(directory, FeaturesFileName), Path.Combine(directory, TargetFileName));

    public static TabularData Load(string featuresPath, string targetPath)
    {
        var features = new List<double[]>();
        int lineNumber = 0;
        foreach (string line in TableReader.ReadLines(featuresPath))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            features.Add(TableReader.Numbers(line, ' ', Features, featuresPath, lineNumber));
        }
        var targets = new List<double>();
        lineNumber = 0;
        foreach (string line in TableReader.ReadLines(targetPath))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            targets.Add(TableReader.Numbers(line, ' ', 1, targetPath, lineNumber)[0]);
        }
        if (features.Count == 0) throw new InvalidDataException($"{featuresPath} holds no samples.");
        if (features.Count != targets.Count)
            throw new InvalidDataException($"{featuresPath} holds {features.Count} samples but {targetPath} holds {targets.Count} targets: they must pair line by line.");
        return new TabularData(featuresPath, features.ToArray(), targets.ToArray());
    }
}
