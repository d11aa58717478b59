using ModelGen;

namespace ModelGen.Benchmarks;

// The two benchmarked MLPs. pytorch_peer.py builds the same layer widths with nn.Sequential;
// keep the two files in step when a model changes. The third, "residual", is the sample's
// ResidualDigitsNet (samples/ResidualDigits/ResidualDigitsNet.cs, linked into this project), and
// pytorch_peer.py uses that sample's PyTorch peer module: both sides follow the sample.

/// <summary>Digits-sized MLP (8x8 images): small enough that per-call overhead dominates.</summary>
[Model]
public partial class DigitsBench
{
    [Input(64)]           public partial Tensor Pixels { get; }
    [Dense(128), Relu]    public partial Tensor Hidden { get; }
    [Dense(64), Relu]     public partial Tensor Hidden2 { get; }
    [Dense(10)]           public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>MNIST-sized MLP with two 1024-wide layers: matrix products dominate, so this measures the Gemm.</summary>
[Model]
public partial class LargeBench
{
    [Input(784)]          public partial Tensor Pixels { get; }
    [Dense(1024), Relu]   public partial Tensor Hidden { get; }
    [Dense(1024), Relu]   public partial Tensor Hidden2 { get; }
    [Dense(10)]           public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}
