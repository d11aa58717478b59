namespace ModelGen.Runtime;

/// <summary>Per-layer gradient norms over one epoch's steps, in arrays allocated once per Fit.</summary>
internal sealed class GradientNormTracker(ParameterLayers layers)
{
    private readonly double[] _stepSquares = new double[layers.Names.Length];
    private readonly double[] _normSums = new double[layers.Names.Length];
    private readonly double[] _normMaxima = new double[layers.Names.Length];
    private int _steps;

    public void StartEpoch()
    {
        Array.Clear(_normSums);
        Array.Clear(_normMaxima);
        _steps = 0;
    }

    /// <summary>Measures the network's current gradients; returns the global norm (for clipping).</summary>
    public double Record<T>(NetworkBase<T> network) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Array.Clear(_stepSquares);
        double total = network.LayerGradientSquares(_stepSquares);
        for (int l = 0; l < _stepSquares.Length; l++)
        {
            double norm = Math.Sqrt(_stepSquares[l]);
            _normSums[l] += norm;
            _normMaxima[l] = Math.Max(_normMaxima[l], norm);
        }
        _steps++;
        return Math.Sqrt(total);
    }

    /// <summary>The epoch's figures (null when no step was taken).</summary>
    public LayerGradientNorm[]? Summary()
    {
        if (_steps == 0) return null;
        var summary = new LayerGradientNorm[_normSums.Length];
        for (int l = 0; l < summary.Length; l++) summary[l] = new LayerGradientNorm(layers.Names[l], _normSums[l] / _steps, _normMaxima[l]);
        return summary;
    }
}
