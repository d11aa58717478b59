namespace Tabular;

/// <summary>
/// Closed-form ridge regression with an unpenalized intercept: minimizes ‖y − b − Xw‖² + α‖w‖²
/// (scikit-learn's Ridge; α = 0 is ordinary least squares). Solved in double precision on centered
/// data through the normal equations (XᵀX + αI)w = Xᵀy by Cholesky factorization.
/// </summary>
public sealed class RidgeRegression
{
    private RidgeRegression(double[] weights, double intercept, double alpha)
    {
        Weights = weights;
        Intercept = intercept;
        Alpha = alpha;
    }

    public IReadOnlyList<double> Weights { get; }
    public double Intercept { get; }
    public double Alpha { get; }

    public static RidgeRegression Fit(IReadOnlyList<double[]> features, IReadOnlyList<double> targets, IReadOnlyList<int> rows, double alpha)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rows);
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "the penalty must be >= 0");
        if (rows.Count == 0) throw new ArgumentException("Fit on at least one row.", nameof(rows));
        int p = features[rows[0]].Length;
        var xMean = new double[p];
        double yMean = 0;
        foreach (int r in rows)
        {
            for (int j = 0; j < p; j++) xMean[j] += features[r][j];
            yMean += targets[r];
        }
        for (int j = 0; j < p; j++) xMean[j] /= rows.Count;
        yMean /= rows.Count;

        var gram = new double[p, p];
        var moment = new double[p];
        var centered = new double[p];
        foreach (int r in rows)
        {
            for (int j = 0; j < p; j++) centered[j] = features[r][j] - xMean[j];
            double y = targets[r] - yMean;
            for (int j = 0; j < p; j++)
            {
                moment[j] += centered[j] * y;
                for (int k = 0; k <= j; k++) gram[j, k] += centered[j] * centered[k];
            }
        }
        for (int j = 0; j < p; j++) gram[j, j] += alpha;
        double[] weights = SolveCholesky(gram, moment);
        double intercept = yMean;
        for (int j = 0; j < p; j++) intercept -= weights[j] * xMean[j];
        return new RidgeRegression(weights, intercept, alpha);
    }

    public double Predict(IReadOnlyList<double> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Count != Weights.Count) throw new ArgumentException($"The model takes {Weights.Count} features, not {row.Count}.", nameof(row));
        double sum = Intercept;
        for (int j = 0; j < row.Count; j++) sum += Weights[j] * row[j];
        return sum;
    }

    /// <summary>Solves A x = b for a symmetric positive definite A given by its lower triangle.</summary>
    private static double[] SolveCholesky(double[,] a, double[] b)
    {
        int n = b.Length;
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[j, j];
            for (int k = 0; k < j; k++) diagonal -= l[j, k] * l[j, k];
            if (!(diagonal > 1e-12 * Math.Max(1, a[j, j])))
                throw new InvalidOperationException($"The normal equations are singular at feature {j} (a constant or collinear column): use a positive ridge penalty.");
            l[j, j] = Math.Sqrt(diagonal);
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = sum / l[j, j];
            }
        }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i, k] * y[k];
            y[i] = sum / l[i, i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= l[k, i] * x[k];
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
