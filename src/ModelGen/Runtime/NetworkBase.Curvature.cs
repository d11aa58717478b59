namespace ModelGen.Runtime;

/// <summary>Hessian-vector products by differences of gradients, for the curvature probe.</summary>
public abstract unsafe partial class NetworkBase<T>
{
    /// <summary>
    /// A float64 network of the same model, for diagnostics that difference gradients: in float the
    /// rounding of two nearby gradients swamps their difference. Generated networks return their
    /// model's Network&lt;double&gt;; null (the default) makes such diagnostics work in T, with a
    /// larger difference step.
    /// </summary>
    protected virtual NetworkBase<double>? CreateFloat64Network() => null;

    internal CurvatureReport ProbeCurvature(Dataset data, int iterations, int samples, int seed)
    {
        RequireCpu();
        CheckCompatible(data, nameof(data));
        if (typeof(T) != typeof(double) && CreateFloat64Network() is { } wide)
        {
            // The copy is probed instead of this network, which is then untouched by construction.
            wide.CopyParametersFrom(this);
            return wide.ProbeCurvature(data, iterations, samples, seed);
        }
        TrainingSnapshot saved = SaveTrainingState();
        T[] gradients = _gradients.ToArray();
        Loss lastLoss = LastLoss;
        try
        {
            int[] rows = Enumerable.Range(0, samples).ToArray();
            LoadBatch(data, rows);
            return PowerIteration(samples, iterations, seed);
        }
        finally
        {
            RestoreTrainingState(saved);
            gradients.CopyTo(_gradients, 0);
            LastLoss = lastLoss;
        }
    }

    /// <summary>v ← Hv / |Hv| from a random unit v over the parameter tensors (not the arena's padding).</summary>
    private CurvatureReport PowerIteration(int batch, int iterations, int seed)
    {
        int count = Info.ParameterCount;
        double[] origin = new double[count], direction = new double[count], product = new double[count], plus = new double[count];
        for (int i = 0; i < count; i++) origin[i] = double.CreateTruncating(_parameters[i]);
        var rng = new Rng((ulong)(uint)seed);
        foreach (ParameterInfo tensor in Layers.Tensors)
        {
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++) direction[i] = rng.NextGaussian();
        }
        Normalize(direction);
        // Centered differences err by O(ε²) from the third derivative and by O(rounding/ε) from the
        // gradients' own rounding; these steps balance the two for double and for float.
        double step = (typeof(T) == typeof(double) ? 1e-5 : 3e-3) * (1 + Math.Sqrt(Dot(origin, origin)));
        double eigenvalue = 0, change = double.PositiveInfinity;
        for (int k = 1; k <= iterations; k++)
        {
            GradientAt(origin, direction, step, batch, plus);
            GradientAt(origin, direction, -step, batch, product);
            for (int i = 0; i < count; i++) product[i] = (plus[i] - product[i]) / (2 * step);
            double rayleigh = Dot(direction, product);
            change = k == 1 ? double.PositiveInfinity : Math.Abs(rayleigh - eigenvalue) / Math.Abs(rayleigh);
            eigenvalue = rayleigh;
            if (Normalize(product) == 0) break; // a zero Hessian along v: the eigenvalue is 0
            (direction, product) = (product, direction);
        }
        double maxRate = eigenvalue > 0 ? 2 / eigenvalue : double.PositiveInfinity;
        return new CurvatureReport(eigenvalue, maxRate, iterations, change);
    }

    /// <summary>The gradient of the mean loss on the loaded batch at origin + step·direction.</summary>
    private void GradientAt(double[] origin, double[] direction, double step, int batch, double[] gradient)
    {
        for (int i = 0; i < origin.Length; i++) _parameters[i] = T.CreateTruncating(origin[i] + step * direction[i]);
        ComputeLoss(batch, gradients: true, out _);
        for (int i = 0; i < gradient.Length; i++) gradient[i] = double.CreateTruncating(_gradients[i]);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Scales <paramref name="values"/> to unit length and returns the length it had.</summary>
    private static double Normalize(double[] values)
    {
        double norm = Math.Sqrt(Dot(values, values));
        if (norm == 0) return 0;
        for (int i = 0; i < values.Length; i++) values[i] /= norm;
        return norm;
    }
}
