using ModelGen;

namespace Diabetes;

/// <summary>
/// The diabetes regressor: 10 standardized features through one ReLU layer to one standardized
/// progression value, trained with mean squared error.
/// </summary>
[Model]
public partial class DiabetesNet
{
    [Input(10)]        public partial Tensor Features { get; }
    [Dense(16), Relu]  public partial Tensor Hidden { get; }
    [Dense(1)]         public partial Tensor Progression { get; }
    [MeanSquaredError] public partial Loss Loss { get; }
}
