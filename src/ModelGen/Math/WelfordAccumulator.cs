namespace ModelGen;

/// <summary>
/// Streaming mean and variance by Welford's update (1962): each value moves the mean by
/// (x − mean)/n and adds (x − old mean)(x − new mean) to the sum of squared deviations, so no
/// E[x²] − E[x]² cancellation occurs. The values are also shifted by the first one seen (exact for
/// data clustered far from zero), which keeps the running mean small and so its rounding from
/// limiting the variance when the mean dwarfs the spread. A default instance is empty. Mutable
/// struct: keep it in a local or field, not behind a readonly reference.
/// </summary>
public struct WelfordAccumulator
{
    private double _shift;
    private double _shiftedMean;
    private double _sumOfSquaredDeviations;

    /// <summary>Number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>Mean of the values added; NaN when empty.</summary>
    public readonly double Mean => Count == 0 ? double.NaN : _shift + _shiftedMean;

    /// <summary>Population variance (divisor n); NaN when empty.</summary>
    public readonly double Variance => Count == 0 ? double.NaN : _sumOfSquaredDeviations / Count;

    /// <summary>Sample variance (divisor n − 1); NaN for fewer than two values.</summary>
    public readonly double SampleVariance => Count < 2 ? double.NaN : _sumOfSquaredDeviations / (Count - 1);

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        if (Count == 0)
            _shift = value;
        double shifted = value - _shift;
        Count++;
        double delta = shifted - _shiftedMean;
        _shiftedMean += delta / Count;
        _sumOfSquaredDeviations += delta * (shifted - _shiftedMean);
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
        double delta = (other._shift - _shift) + (other._shiftedMean - _shiftedMean);
        double otherShare = (double)other.Count / total;
        _shiftedMean += delta * otherShare;
        _sumOfSquaredDeviations += other._sumOfSquaredDeviations + delta * delta * Count * otherShare;
        Count = total;
    }
}
