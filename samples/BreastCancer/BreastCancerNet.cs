using ModelGen;

namespace BreastCancer;

/// <summary>
/// The breast-cancer classifier: 30 standardized features through two ReLU layers to one logit for
/// "benign"; the loss is binary cross-entropy on that logit (stable logits form, no sigmoid layer).
/// </summary>
[Model]
public partial class BreastCancerNet
{
    [Input(30)]                    public partial Tensor Features { get; }
    [Dense(32), Relu]              public partial Tensor Hidden { get; }
    [Dense(16), Relu]              public partial Tensor Hidden2 { get; }
    [Dense(1)]                     public partial Tensor Logit { get; }
    [BinaryCrossEntropyWithLogits] public partial Loss Loss { get; }
}
