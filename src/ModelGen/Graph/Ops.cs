namespace ModelGen;

/// <summary>
/// The functions a <see cref="ForwardAttribute"/> method may use (with <c>using static ModelGen.Ops;</c>).
/// ModelGen compiles them at build time into fused kernels with their gradients; called at run
/// time they throw, because a forward method is a description, not code to run.
/// Unstable compositions are rewritten when compiled and reported (MG0017): <c>Log(Softmax(x))</c>
/// becomes <see cref="LogSoftmax"/>, <c>Log(Sigmoid(x))</c> becomes −Softplus(−x),
/// <c>Log(1 − Sigmoid(x))</c> becomes −Softplus(x), <c>Log(Sum(Exp(x)))</c> becomes <see cref="LogSumExp"/>.
/// </summary>
public static class Ops
{
    public static Tensor Relu(Tensor x) => throw NotExecutable();
    public static Tensor LeakyRelu(Tensor x, double alpha = 0.01) => throw NotExecutable();
    public static Tensor Sigmoid(Tensor x) => throw NotExecutable();
    public static Tensor Tanh(Tensor x) => throw NotExecutable();
    public static Tensor Gelu(Tensor x) => throw NotExecutable();
    public static Tensor Silu(Tensor x) => throw NotExecutable();
    public static Tensor Softplus(Tensor x) => throw NotExecutable();
    /// <summary>Row softmax of x / temperature, max-shifted.</summary>
    public static Tensor Softmax(Tensor x, double temperature = 1.0) => throw NotExecutable();
    /// <summary>Row log-softmax of x / temperature: x/T − logsumexp(x/T), never log of a rounded probability.</summary>
    public static Tensor LogSoftmax(Tensor x, double temperature = 1.0) => throw NotExecutable();
    /// <summary>log Σ exp(x) over each row, max-shifted: one value per sample.</summary>
    public static Tensor LogSumExp(Tensor x) => throw NotExecutable();
    public static Tensor Log(Tensor x) => throw NotExecutable();
    public static Tensor Exp(Tensor x) => throw NotExecutable();
    /// <summary>Sum over each row: one value per sample.</summary>
    public static Tensor Sum(Tensor x) => throw NotExecutable();
    /// <summary>The rows of the tensors side by side.</summary>
    public static Tensor Concat(Tensor first, Tensor second) => throw NotExecutable();
    public static Tensor Concat(Tensor first, Tensor second, Tensor third) => throw NotExecutable();

    // Losses, for a [Loss] method: the mean over the batch (and over the outputs for element-wise losses).

    /// <summary>Cross-entropy of class probabilities against integer labels; write it on <c>Softmax(output)</c>, which compiles to the fused logits form.</summary>
    public static Tensor CrossEntropy(Tensor probabilities, Tensor labels, double labelSmoothing = 0) => throw NotExecutable();
    /// <summary>Softmax cross-entropy on logits against integer labels (the same as <c>CrossEntropy(Softmax(logits), labels)</c>).</summary>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, Tensor labels, double labelSmoothing = 0) => throw NotExecutable();
    /// <summary>Binary cross-entropy of probabilities against 0/1 targets; write it on <c>Sigmoid(output)</c>, which compiles to the logits form.</summary>
    public static Tensor BinaryCrossEntropy(Tensor probabilities, Tensor targets) => throw NotExecutable();
    /// <summary>Binary cross-entropy on logits, in the stable form max(x, 0) − x·t + log1p(exp(−|x|)).</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets) => throw NotExecutable();
    public static Tensor MeanSquaredError(Tensor predictions, Tensor targets) => throw NotExecutable();
    /// <summary>Huber loss with threshold <paramref name="delta"/> (PyTorch's HuberLoss).</summary>
    public static Tensor Huber(Tensor predictions, Tensor targets, double delta = 1.0) => throw NotExecutable();

    /// <summary>The mean over the batch and the values of an elementwise expression of a [Loss] method's output and target.</summary>
    public static Tensor Mean(Tensor x) => throw NotExecutable();

    internal static NotSupportedException NotExecutable() =>
        new("A [Forward] method is compiled by ModelGen at build time and never runs: call the model's Predict, Evaluate or Fit instead.");
}
