using ModelGen;

namespace Digits;

/// <summary>The digits classifier: 8x8 images (64 pixels) through two ReLU layers to 10 class logits.</summary>
[Model]
public partial class DigitsNet
{
    [Input(64)]           public partial Tensor Pixels { get; }
    [Dense(128), Relu]    public partial Tensor Hidden { get; }
    [Dense(64), Relu]     public partial Tensor Hidden2 { get; }
    [Dense(10)]           public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}
