using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Loss functions with their gradients, fused into one pass and vectorized at
/// <see cref="Simd.Active"/>. Each returns the loss summed over the batch (accumulated in double);
/// <c>gradScale</c> multiplies the gradient, typically 1/batch for a mean loss. Gradient outputs
/// may be null to compute the loss alone, and may alias the first input (logits or predictions):
/// each element is read before its gradient is written.
/// </summary>
public static unsafe class LossKernels
{
    /// <summary>
    /// Σ_rows (logsumexp(row) - row[label]) for row-major logits, with dLogits = (softmax - onehot)·gradScale
    /// (dLogits may equal logits). <paramref name="correct"/> counts rows whose argmax (first maximum)
    /// is the label.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is negative or &gt;= cols; the message names its row.</exception>
    public static T SoftmaxCrossEntropy<T>(T* logits, int rows, int cols, int* labels, T* dLogits, T gradScale, out int correct)
        where T : unmanaged, IFloatingPointIeee754<T>
        // One kernel serves both: with ε = 0 it skips the smoothing terms, so the plain loss costs nothing extra.
        => SoftmaxCrossEntropySmoothed(logits, rows, cols, labels, T.Zero, dLogits, gradScale, out correct);

    /// <summary>
    /// Softmax cross-entropy against label-smoothed targets q = (1 − ε)·onehot + ε/K (Szegedy et al.,
    /// PyTorch's label_smoothing): Σ_rows (logsumexp(row) − Σ_j q_j·row[j]), with
    /// dLogits = (softmax − q)·gradScale (dLogits may equal logits). ε = 0 gives exactly
    /// <see cref="SoftmaxCrossEntropy{T}"/>. <paramref name="correct"/> counts rows whose argmax is the label.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, cols), or the smoothing outside [0, 1].</exception>
    public static T SoftmaxCrossEntropySmoothed<T>(T* logits, int rows, int cols, int* labels, T smoothing, T* dLogits, T gradScale, out int correct)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(rows, nameof(rows));
        VectorKernel.RequireNonNegative(cols, nameof(cols));
        if (!(smoothing >= T.Zero && smoothing <= T.One))
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Label smoothing must be in [0, 1].");
        RequireLabelsInRange(labels, rows, cols);
        var kernel = new SoftmaxCrossEntropyKernel<T>
        {
            Logits = logits, Rows = rows, Columns = cols, Labels = labels, Smoothing = smoothing, LogitGradients = dLogits, GradScale = gradScale,
        };
        VectorKernel.Run<T, SoftmaxCrossEntropyKernel<T>>(ref kernel);
        correct = kernel.Correct;
        return T.CreateTruncating(kernel.Loss);
    }

    /// <summary>
    /// Σ Huber loss (PyTorch's HuberLoss with reduction "sum"): ½d² where |d| &lt; δ, δ(|d| − ½δ)
    /// elsewhere, d = p − t; dPredictions = clamp(d, −δ, δ)·gradScale. Quadratic near the target,
    /// linear (so outliers pull with a bounded force) beyond δ.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive.</exception>
    public static T Huber<T>(T* predictions, T* targets, int count, T delta, T* dPredictions, T gradScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        if (!(delta > T.Zero && T.IsFinite(delta)))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The Huber delta must be finite and positive.");
        var term = new HuberTerm<T> { Predictions = predictions, Targets = targets, PredictionGradients = dPredictions, Delta = delta, GradScale = gradScale };
        var kernel = new BlockedSumKernel<T, HuberTerm<T>> { Term = term, Count = count };
        VectorKernel.Run<T, BlockedSumKernel<T, HuberTerm<T>>>(ref kernel);
        return T.CreateTruncating(kernel.Total);
    }

    /// <summary>
    /// Σ binary cross-entropy of σ(logits) against targets in [0, 1], evaluated stably on the logits
    /// as max(x, 0) - x·t + log1p(exp(-|x|)); dLogits = (σ(x) - t)·gradScale.
    /// </summary>
    public static T SigmoidBinaryCrossEntropy<T>(T* logits, T* targets, int count, T* dLogits, T gradScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        var term = new BinaryCrossEntropyTerm<T> { Logits = logits, Targets = targets, LogitGradients = dLogits, GradScale = gradScale };
        var kernel = new BlockedSumKernel<T, BinaryCrossEntropyTerm<T>> { Term = term, Count = count };
        VectorKernel.Run<T, BlockedSumKernel<T, BinaryCrossEntropyTerm<T>>>(ref kernel);
        return T.CreateTruncating(kernel.Total);
    }

    /// <summary>Σ (p - t)²; dPredictions = 2(p - t)·gradScale.</summary>
    public static T SquaredError<T>(T* predictions, T* targets, int count, T* dPredictions, T gradScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        var term = new SquaredErrorTerm<T> { Predictions = predictions, Targets = targets, PredictionGradients = dPredictions, GradScale = gradScale };
        var kernel = new BlockedSumKernel<T, SquaredErrorTerm<T>> { Term = term, Count = count };
        VectorKernel.Run<T, BlockedSumKernel<T, SquaredErrorTerm<T>>>(ref kernel);
        return T.CreateTruncating(kernel.Total);
    }

    /// <summary>Row-wise max-shifted softmax (for predicted probabilities); probs may equal logits.</summary>
    public static void SoftmaxRows<T>(T* logits, int rows, int cols, T* probs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(rows, nameof(rows));
        VectorKernel.RequireNonNegative(cols, nameof(cols));
        var kernel = new SoftmaxRowsKernel<T> { Logits = logits, Probabilities = probs, Rows = rows, Columns = cols };
        VectorKernel.Run<T, SoftmaxRowsKernel<T>>(ref kernel);
    }

    /// <summary>All labels are checked before anything is written, so a bad batch leaves no partial gradient.</summary>
    private static void RequireLabelsInRange(int* labels, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            int label = labels[r];
            if ((uint)label >= (uint)cols)
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label {label} in row {r} is outside the {cols} classes [0, {cols}).");
        }
    }
}
