namespace ModelGen;

/// <summary>
/// The functions a <see cref="ForwardAttribute"/> method may use (with <c>using static ModelGen.Ops;</c>).
/// ModelGen compiles them at build time into fused kernels with their gradients; called at run
/// time they throw, because a forward method is a description, not code to run.
/// Unstable compositions are rewritten when compiled and reported (MG0016): <c>Log(Softmax(x))</c>
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

    internal static NotSupportedException NotExecutable() =>
        new("A [Forward] method is compiled by ModelGen at build time and never runs: call the model's Predict, Evaluate or Fit instead.");
}
