using System.Globalization;
using Tabular;

namespace BreastCancer;

/// <summary>
/// Loads breast_cancer.csv: a header line <c>rows,features,name0,name1</c> (569,30,malignant,benign),
/// then one line a sample: 30 real features and the 0/1 label. Anything else is an
/// <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
public static class BreastCancerData
{
    public const string FileName = "breast_cancer.csv";
    public const int Features = 30;

    /// <summary>The class names from the header, index = label.</summary>
    public static readonly string[] ClassNames = ["malignant", "benign"];

    public static TabularData Load(string path)
    {
        var features = new List<double[]>();
        var labels = new List<double>();
        int declaredRows = -1;
        int lineNumber = 0;
        foreach (string line in TableReader.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                declaredRows = ParseHeader(line, path);
                continue;
            }
            if (line.Trim().Length == 0) continue;
            double[] values = TableReader.Numbers(line, ',', Features + 1, path, lineNumber);
            double label = values[Features];
            if (label is not (0 or 1))
                throw new InvalidDataException($"{path} line {lineNumber}: the label (field {Features + 1}) is {label.ToString(CultureInfo.InvariantCulture)}; it must be 0 (malignant) or 1 (benign).");
            features.Add(values[..Features]);
            labels.Add(label);
        }
        if (lineNumber == 0) throw new InvalidDataException($"{path} is empty: expected the header '569,30,malignant,benign' and 569 samples.");
        if (features.Count != declaredRows)
            throw new InvalidDataException($"{path}: the header (line 1) declares {declaredRows} samples but the file holds {features.Count}; the file is truncated or has extra lines.");
        return new TabularData(path, features.ToArray(), labels.ToArray());
    }

    private static int ParseHeader(string line, string path)
    {
        string[] fields = line.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length != 4
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int rows)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int columns))
            throw new InvalidDataException($"{path} line 1: expected the header 'rows,features,class0,class1' (569,30,malignant,benign), found '{line}'.");
        if (columns != Features)
            throw new InvalidDataException($"{path} line 1: the header declares {columns} features; this sample reads {Features}.");
        return rows;
    }
}
