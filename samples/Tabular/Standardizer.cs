using System.Globalization;

namespace Tabular;

/// <summary>
/// Per-column standardization z = (x − mean) / std with the mean and the population standard deviation
/// (ddof 0, as scikit-learn's StandardScaler) of the rows it was fitted on, and only those: fit it on
/// the training rows and apply it unchanged to validation and test rows, so nothing about the held-out
/// data leaks into training. A constant column gets scale 1 (it becomes 0, not NaN).
/// </summary>
public sealed class Standardizer
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    private Standardizer(double[] mean, double[] scale)
    {
        _mean = mean;
        _scale = scale;
    }

    public IReadOnlyList<double> Mean => _mean;
    public IReadOnlyList<double> Scale => _scale;
    public int Columns => _mean.Length;

    /// <summary>Statistics of <paramref name="rows"/>[i] for i in <paramref name="fitRows"/> (two passes, in double).</summary>
    public static Standardizer Fit(IReadOnlyList<double[]> rows, IReadOnlyList<int> fitRows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(fitRows);
        if (fitRows.Count == 0) throw new ArgumentException("Fit the standardizer on at least one row.", nameof(fitRows));
        int columns = rows[fitRows[0]].Length;
        var mean = new double[columns];
        var scale = new double[columns];
        foreach (int r in fitRows)
        {
            if (rows[r].Length != columns) throw new ArgumentException($"Row {r} has {rows[r].Length} columns, not {columns}.", nameof(rows));
            for (int c = 0; c < columns; c++) mean[c] += rows[r][c];
        }
        for (int c = 0; c < columns; c++) mean[c] /= fitRows.Count;
        foreach (int r in fitRows)
        {
            for (int c = 0; c < columns; c++)
            {
                double d = rows[r][c] - mean[c];
                scale[c] += d * d;
            }
        }
        for (int c = 0; c < columns; c++)
        {
            double std = Math.Sqrt(scale[c] / fitRows.Count);
            scale[c] = std > 0 ? std : 1;
        }
        return new Standardizer(mean, scale);
    }

    /// <summary>Fits one column of values (a regression target).</summary>
    public static Standardizer FitColumn(IReadOnlyList<double> values, IReadOnlyList<int> fitRows)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Fit(values.Select(v => new[] { v }).ToArray(), fitRows);
    }

    public double Transform(double value, int column) => (value - _mean[column]) / _scale[column];

    public double Inverse(double value, int column) => value * _scale[column] + _mean[column];

    /// <summary>The standardized rows <paramref name="rows"/>[i], i in <paramref name="selected"/>, as one row-major float array.</summary>
    public float[] TransformRows(IReadOnlyList<double[]> rows, IReadOnlyList<int> selected)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(selected);
        var result = new float[selected.Count * Columns];
        for (int i = 0; i < selected.Count; i++)
        {
            double[] row = rows[selected[i]];
            if (row.Length != Columns) throw new ArgumentException($"Row {selected[i]} has {row.Length} columns; the standardizer was fitted on {Columns}.", nameof(rows));
            for (int c = 0; c < Columns; c++) result[i * Columns + c] = (float)Transform(row[c], c);
        }
        return result;
    }

    public override string ToString() => string.Join(", ", _mean.Select((m, c) => string.Format(CultureInfo.InvariantCulture, "{0:G4}±{1:G4}", m, _scale[c])));
}
