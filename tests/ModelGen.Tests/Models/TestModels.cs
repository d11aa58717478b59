using ModelGen;

namespace ModelGen.Tests.Models;

// Small models that exercise one activation or loss each, so a failing gradient check names the op.

[Model] public partial class SigmoidNet { [Input(5)] public partial Tensor X { get; } [Dense(6), Sigmoid] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class TanhNet { [Input(5)] public partial Tensor X { get; } [Dense(6), Tanh] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class ReluNet { [Input(5)] public partial Tensor X { get; } [Dense(6), Relu] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class LeakyReluNet { [Input(5)] public partial Tensor X { get; } [Dense(6), LeakyRelu(0.2)] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class GeluNet { [Input(5)] public partial Tensor X { get; } [Dense(6), Gelu] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class GeluTanhNet { [Input(5)] public partial Tensor X { get; } [Dense(6), Gelu(GeluApproximation.Tanh)] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class SiluNet { [Input(5)] public partial Tensor X { get; } [Dense(6), Silu] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class SoftplusNet { [Input(5)] public partial Tensor X { get; } [Dense(6), Softplus] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }

/// <summary>Mean squared error with a two-wide regression output.</summary>
[Model] public partial class MseNet { [Input(4)] public partial Tensor X { get; } [Dense(6), Tanh] public partial Tensor H { get; } [Dense(2)] public partial Tensor Y { get; } [MeanSquaredError] public partial Loss Loss { get; } }

/// <summary>Binary cross-entropy on logits with three independent labels.</summary>
[Model] public partial class BceNet { [Input(4)] public partial Tensor X { get; } [Dense(6), Silu] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [BinaryCrossEntropyWithLogits] public partial Loss Loss { get; } }

/// <summary>Every activation in one deep stack, with sizes that are not multiples of any vector width.</summary>
[Model]
public partial class ActivationZoo
{
    [Input(19)] public partial Tensor X { get; }
    [Dense(17), Sigmoid] public partial Tensor A { get; }
    [Dense(33), Tanh] public partial Tensor B { get; }
    [Dense(18), LeakyRelu(0.1)] public partial Tensor C { get; }
    [Dense(21), Gelu] public partial Tensor D { get; }
    [Dense(9), Gelu(GeluApproximation.Tanh)] public partial Tensor E { get; }
    [Dense(12), Silu] public partial Tensor F { get; }
    [Dense(7), Softplus] public partial Tensor G { get; }
    [Dense(11), Relu] public partial Tensor H { get; }
    [Dense(5)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>The digits architecture.</summary>
[Model]
public partial class DigitsMlp
{
    [Input(64)] public partial Tensor Pixels { get; }
    [Dense(128), Relu] public partial Tensor Hidden { get; }
    [Dense(64), Relu] public partial Tensor Hidden2 { get; }
    [Dense(10)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>Binary classifier for the breast cancer data (30 standardized features).</summary>
[Model]
public partial class CancerNet
{
    [Input(30)] public partial Tensor Features { get; }
    [Dense(16), Relu] public partial Tensor Hidden { get; }
    [Dense(1)] public partial Tensor Logit { get; }
    [BinaryCrossEntropyWithLogits] public partial Loss Loss { get; }
}

/// <summary>Regressor for the diabetes data (10 standardized features, standardized target).</summary>
[Model]
public partial class DiabetesNet
{
    [Input(10)] public partial Tensor Features { get; }
    [Dense(32), Relu] public partial Tensor Hidden { get; }
    [Dense(1)] public partial Tensor Progression { get; }
    [MeanSquaredError] public partial Loss Loss { get; }
}
