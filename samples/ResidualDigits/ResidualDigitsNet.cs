using ModelGen;
using static ModelGen.Ops;

namespace ResidualDigits;

/// <summary>
/// A pre-norm residual network for the 8x8 digits (64 pixels → 10 class logits), in the graph form:
/// a Dense stem to 128 features, two residual blocks h = h + Down(Dropout(Relu(Up(LayerNorm(h)))))
/// with a 256-wide inner layer, a final LayerNorm and a Dense head. Each Layer property is one set of
/// weights, so each block has its own.
/// </summary>
[Model]
public partial class ResidualDigitsNet
{
    public const int Width = 128, Inner = 256;
    public const double DropoutProbability = 0.1;

    [Input(64)] public partial Tensor Pixels { get; }
    [Dense(Width)] public partial Layer Stem { get; }

    [LayerNorm] public partial Layer Norm1 { get; }
    [Dense(Inner), Relu] public partial Layer Up1 { get; }
    [Dropout(DropoutProbability)] public partial Layer Drop1 { get; }
    [Dense(Width)] public partial Layer Down1 { get; }

    [LayerNorm] public partial Layer Norm2 { get; }
    [Dense(Inner), Relu] public partial Layer Up2 { get; }
    [Dropout(DropoutProbability)] public partial Layer Drop2 { get; }
    [Dense(Width)] public partial Layer Down2 { get; }

    [LayerNorm] public partial Layer FinalNorm { get; }
    [Dense(10)] public partial Layer Head { get; }

    [SoftmaxCrossEntropy] public partial Loss Loss { get; }

    [Forward]
    private Tensor Forward()
    {
        var h = Stem(Pixels);
        h = h + Down1(Drop1(Up1(Norm1(h))));
        h = h + Down2(Drop2(Up2(Norm2(h))));
        return Head(FinalNorm(h));
    }
}
