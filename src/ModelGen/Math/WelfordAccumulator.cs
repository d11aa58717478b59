namespace ModelGen;

/// <summary>
/// Streaming mean and variance by Welford's update (1962): each value moves the mean by
/// (x − mean)/n and adds (x − old mean)(x − new mean) to the sum of squared deviations, so no
/// E[x²] − E[x]² cancellation occurs however large the mean is next to the spread. A default
/// instance is empty. Mutable struct: keep it in a local or field, not behind a readonly reference.
/// </summary>
public struct WelfordAccumulator
{
    private double _mean;
    private double _sumOfSquaredDeviations;

    /// <summary>Number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>Mean of the values added; NaN when empty.</summary>
    public readonly double Mean => Count == 0 ? double.NaN : _mean;

    /// <summary>Population variance (divisor n); NaN when empty.</summary>
    public readonly double Variance => Count == 0 ? double.NaN : _sumOfSquaredDeviations / Count;

    /// <summary>Sample variance (divisor n − 1); NaN for fewer than two values.</summary>
    public readonly double SampleVariance => Count < 2 ? double.NaN : _sumOfSquaredDeviations / (Count - 1);

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        Count++;
        double delta = value - _mean;
        _mean += delta / Count;
        _sumOfSquaredDeviations += delta * (value - _mean);
    }

    /// <summary>
    /// Merges another accumulator into this one (Chan, Golub &amp; LeVeque's pairwise combination), as if
    /// its values had been added here; lets partial statistics from threads or batches be combined.
    /// </summary>
    public void Add(in WelfordAccumulator other)
    {
        if (other.Count == 0)
            return;
        if (Count == 0)
        {
            this = other;
            return;
        }
        long total = Count + other.Count;
        double delta = other._mean - _mean;
        double otherShare = (double)other.Count / total;
        _mean += delta * otherShare;
        _sumOfSquaredDeviations += other._sumOfSquaredDeviations + delta * delta * Count * otherShare;
        Count = total;
    }
}
