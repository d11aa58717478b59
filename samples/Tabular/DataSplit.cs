using System.Text;
using ModelGen.Runtime;

namespace Tabular;

/// <summary>
/// A fixed partition of a table's rows into train (what the model fits), validation (early stopping,
/// carved out of the training split) and test (held out, used once for the reported figures).
/// Each role's rows are sorted ascending. The split depends only on the seed and the labels.
/// </summary>
public sealed record DataSplit(int[] Train, int[] Validation, int[] Test)
{
    /// <summary>
    /// Per class, shuffles that class's rows with <see cref="Rng"/>(seed) and sends
    /// round(n·<paramref name="testFraction"/>) of them to test, then round(rest·<paramref name="validationFraction"/>)
    /// to validation; the class proportions are kept in every role.
    /// </summary>
    public static DataSplit Stratified(IReadOnlyList<int> labels, double testFraction, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckFractions(testFraction, validationFraction);
        var rng = new Rng(seed);
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        foreach (int label in labels.Distinct().Order())
        {
            int[] rows = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            Assign(rows, testFraction, validationFraction, rng, train, validation, test);
        }
        return Create(train, validation, test);
    }

    /// <summary>One shuffle of all rows with <see cref="Rng"/>(seed), then the same cut as <see cref="Stratified"/> (for regression).</summary>
    public static DataSplit Random(int count, double testFraction, double validationFraction, ulong seed)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "there must be rows to split");
        CheckFractions(testFraction, validationFraction);
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        Assign(Enumerable.Range(0, count).ToArray(), testFraction, validationFraction, new Rng(seed), train, validation, test);
        return Create(train, validation, test);
    }

    /// <summary>Rows the model may learn from: train and validation together (the "training split").</summary>
    public int[] TrainingSplit => Train.Concat(Validation).Order().ToArray();

    /// <summary>
    /// Writes <c>row,role</c> (0-based row in the data file; role train, validation or test), one line a
    /// row in row order, so another implementation (the PyTorch peer) can use exactly this split.
    /// </summary>
    public void Write(string path)
    {
        var roles = new string[Train.Length + Validation.Length + Test.Length];
        foreach (int row in Train) roles[row] = "train";
        foreach (int row in Validation) roles[row] = "validation";
        foreach (int row in Test) roles[row] = "test";
        var text = new StringBuilder("row,role\n");
        for (int row = 0; row < roles.Length; row++) text.Append(row).Append(',').Append(roles[row]).Append('\n');
        ResultsFile.WriteAtomically(path, text.ToString());
    }

    private static void Assign(int[] rows, double testFraction, double validationFraction, Rng rng, List<int> train, List<int> validation, List<int> test)
    {
        rng.Shuffle(rows);
        int testCount = (int)Math.Round(rows.Length * testFraction, MidpointRounding.AwayFromZero);
        int validationCount = (int)Math.Round((rows.Length - testCount) * validationFraction, MidpointRounding.AwayFromZero);
        test.AddRange(rows[..testCount]);
        validation.AddRange(rows[testCount..(testCount + validationCount)]);
        train.AddRange(rows[(testCount + validationCount)..]);
    }

    private static DataSplit Create(List<int> train, List<int> validation, List<int> test)
    {
        if (train.Count == 0 || validation.Count == 0 || test.Count == 0)
            throw new ArgumentException($"The split leaves {train.Count} train, {validation.Count} validation and {test.Count} test rows: every role needs rows; use more data or other fractions.");
        return new DataSplit(train.Order().ToArray(), validation.Order().ToArray(), test.Order().ToArray());
    }

    private static void CheckFractions(double testFraction, double validationFraction)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be in (0, 1)");
        if (!(validationFraction > 0 && validationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in (0, 1)");
    }
}
