using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen.Runtime;

/// <summary>
/// Operations on the gradient arena between the backward pass and the optimizer: norms, clipping
/// and weight penalties. All of them work in place and allocate nothing, so Fit can run them every step.
/// </summary>
public abstract unsafe partial class NetworkBase<T>
{
    private ParameterLayers? _layers;

    internal ParameterLayers Layers => _layers ??= new ParameterLayers(Info);

    /// <summary>
    /// The L2 norm of all gradients together (the arena's padding is zero). The kernel accumulates
    /// the squares in double; for float networks its total is rounded to float once (relative error
    /// about 6e-8), and the square root is taken in double.
    /// </summary>
    public double GradientNorm() => Math.Sqrt(SquaredNorm(Gradients, Info.ParameterCount));

    /// <summary>
    /// Adds each layer's squared gradient norm into <paramref name="layerSquares"/> (indexed like the
    /// layers of the model's parameter tensors) and returns the squared norm of all of them.
    /// </summary>
    internal double LayerGradientSquares(Span<double> layerSquares)
    {
        ParameterLayers layers = Layers;
        double total = 0;
        for (int t = 0; t < layers.Tensors.Length; t++)
        {
            ParameterInfo tensor = layers.Tensors[t];
            double squares = SquaredNorm(Gradients + tensor.Offset, tensor.Length);
            layerSquares[layers.LayerOfTensor[t]] += squares;
            total += squares;
        }
        return total;
    }

    /// <summary>
    /// Scales every gradient by maxNorm / norm when the global norm exceeds <paramref name="maxNorm"/>
    /// (PyTorch's clip_grad_norm_, without its 1e-6 in the denominator, so the result meets the cap
    /// exactly). Returns the norm before clipping.
    /// </summary>
    public double ClipGradientsByGlobalNorm(double maxNorm)
    {
        OptionRange.Positive(maxNorm, nameof(maxNorm));
        double norm = GradientNorm();
        ClipToNorm(norm, maxNorm);
        return norm;
    }

    /// <summary>The clipping itself, for callers that measured the norm already (Fit does, per layer).</summary>
    internal void ClipToNorm(double norm, double maxNorm)
    {
        // A non-finite norm has nothing sensible to scale by; the non-finite guard deals with those steps.
        if (norm > maxNorm && double.IsFinite(norm)) ScaleGradients(maxNorm / norm);
    }

    /// <summary>Clamps every gradient element to [-limit, limit] (PyTorch's clip_grad_value_).</summary>
    public void ClipGradientsByValue(double limit)
    {
        OptionRange.Positive(limit, nameof(limit));
        T high = T.CreateTruncating(limit), low = -high;
        Span<T> gradients = _gradients;
        for (int i = 0; i < gradients.Length; i++) gradients[i] = T.Clamp(gradients[i], low, high);
    }

    /// <summary>L1·Σ|w| + L2·Σw² over the weight tensors (biases excluded), in double.</summary>
    public double WeightPenalty(double l1, double l2)
    {
        OptionRange.NonNegative(l1, nameof(l1));
        OptionRange.NonNegative(l2, nameof(l2));
        double penalty = 0;
        foreach (ParameterInfo tensor in Layers.Tensors)
        {
            if (!ParameterLayers.IsWeight(tensor)) continue;
            if (l2 != 0) penalty += l2 * SquaredNorm(Parameters + tensor.Offset, tensor.Length);
            if (l1 != 0) penalty += l1 * AbsoluteSum(Parameters + tensor.Offset, tensor.Length);
        }
        return penalty;
    }

    /// <summary>
    /// Adds the gradient of <see cref="WeightPenalty"/>, L1·sign(w) + 2·L2·w, to the weights'
    /// gradients and returns the penalty. sign(0) is 0: the subgradient that leaves a zero weight alone.
    /// </summary>
    public double AddWeightPenalty(double l1, double l2)
    {
        double penalty = WeightPenalty(l1, l2);
        if (l1 == 0 && l2 == 0) return penalty;
        T l1Step = T.CreateTruncating(l1), l2Step = T.CreateTruncating(2 * l2);
        foreach (ParameterInfo tensor in Layers.Tensors)
        {
            if (!ParameterLayers.IsWeight(tensor)) continue;
            T* w = Parameters + tensor.Offset;
            T* g = Gradients + tensor.Offset;
            for (int i = 0; i < tensor.Length; i++) g[i] += l2Step * w[i] + l1Step * T.CreateTruncating(T.Sign(w[i]));
        }
        return penalty;
    }

    private void ScaleGradients(double factor)
    {
        T scale = T.CreateTruncating(factor);
        Span<T> gradients = _gradients;
        for (int i = 0; i < gradients.Length; i++) gradients[i] *= scale;
    }

    private static double SquaredNorm(T* values, int count)
    {
        double sum = double.CreateTruncating(Reductions.SumOfSquares(values, count));
        if (double.IsFinite(sum) || !Reductions.AllFinite(values, count)) return sum;
        // The kernel accumulates in double but returns T: float values whose squares sum past
        // float.MaxValue come back infinite although every value is finite. Redo that rare case in double.
        sum = 0;
        for (int i = 0; i < count; i++)
        {
            double v = double.CreateTruncating(values[i]);
            sum += v * v;
        }
        return sum;
    }

    private static double AbsoluteSum(T* values, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++) sum += Math.Abs(double.CreateTruncating(values[i]));
        return sum;
    }
}
