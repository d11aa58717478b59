using ModelGen.Runtime;

namespace ModelGen.Tests.TrainingControls;

/// <summary>One linear layer under mean squared error: its Hessian is 2/(n·K)·[X 1]ᵀ[X 1] per output, known in closed form.</summary>
[Model] public partial class LinearRegressionNet { [Input(5)] public partial Tensor X { get; } [Dense(2)] public partial Tensor Y { get; } [MeanSquaredError] public partial Loss Loss { get; } }

/// <summary>
/// A hand-written 4 → 16 linear regression that does what the generated code does under mixed
/// precision: it rounds its activations and activation gradients with RoundStorage after writing
/// them, and multiplies the loss gradient by LossScale. Weights start at zero.
/// </summary>
internal sealed unsafe class StorageRoundingRegression<T>() : NetworkBase<T>(Definition, 0)
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public const int Features = 4, Outputs = 16;
    private const int WeightOffset = 0, BiasOffset = Features * Outputs;

    public static ModelInfo Definition { get; } = new("StorageRoundingRegression", LossKind.MeanSquaredError, BiasOffset + Outputs, 2 * Outputs,
        [new LayerInfo("X", Features, -1, "Input"), new LayerInfo("Y", Outputs, 0, "Dense")],
        [new ParameterInfo("Y.Weight", WeightOffset, Features, Outputs), new ParameterInfo("Y.Bias", BiasOffset, 1, Outputs)]);

    /// <summary>The fraction of exactly-zero loss gradients dL/dY of the last ComputeLoss with gradients.</summary>
    public double ZeroOutputGradientFraction { get; private set; }

    protected override NetworkBase<double>? CreateFloat64Network() => new StorageRoundingRegression<double>();

    protected override void Initialize(Rng rng) { }

    protected override void ForwardPass(int batch)
    {
        T* x = Inputs, y = Activations;
        for (int r = 0; r < batch; r++)
        {
            for (int k = 0; k < Outputs; k++)
            {
                T sum = Parameters[BiasOffset + k];
                for (int j = 0; j < Features; j++) sum += x[r * Features + j] * Parameters[WeightOffset + j * Outputs + k];
                y[r * Outputs + k] = sum;
            }
        }
        RoundStorage(y, batch * Outputs);
    }

    protected override T LossPass(int batch, bool gradients, out int correct)
    {
        correct = 0;
        int count = batch * Outputs;
        T* y = Activations, dy = Activations + count;
        T scale = T.CreateTruncating(2.0 / count) * LossScale;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            T difference = y[i] - Targets[i];
            sum += double.CreateTruncating(difference * difference);
            if (gradients) dy[i] = difference * scale;
        }
        if (gradients)
        {
            RoundStorage(dy, count);
            int zeros = 0;
            for (int i = 0; i < count; i++) if (dy[i] == T.Zero) zeros++;
            ZeroOutputGradientFraction = (double)zeros / count;
        }
        return T.CreateTruncating(sum / count);
    }

    protected override void BackwardPass(int batch)
    {
        T* x = Inputs, dy = Activations + batch * Outputs;
        for (int k = 0; k < Outputs; k++)
        {
            T bias = T.Zero;
            for (int r = 0; r < batch; r++) bias += dy[r * Outputs + k];
            Gradients[BiasOffset + k] = bias;
            for (int j = 0; j < Features; j++)
            {
                T sum = T.Zero;
                for (int r = 0; r < batch; r++) sum += x[r * Features + j] * dy[r * Outputs + k];
                Gradients[WeightOffset + j * Outputs + k] = sum;
            }
        }
    }
}

/// <summary>The generated counterpart of <see cref="StorageRoundingRegression{T}"/> (4 → 16, linear, MSE), for the float16 acceptance test.</summary>
[Model] public partial class HalfPrecisionRegressionNet { [Input(4)] public partial Tensor X { get; } [Dense(16)] public partial Tensor Y { get; } [MeanSquaredError] public partial Loss Loss { get; } }
