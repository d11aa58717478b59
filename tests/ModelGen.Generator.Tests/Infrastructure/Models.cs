namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>Model classes the tests compile.</summary>
internal static class Models
{
    public const string Digits = """
        using ModelGen;

        namespace Demo;

        [Model]
        public partial class DigitsNet
        {
            [Input(64)] public partial Tensor Pixels { get; }
            [Dense(128), Relu] public partial Tensor Hidden { get; }
            [Dense(64), Relu] public partial Tensor Hidden2 { get; }
            [Dense(10)] public partial Tensor Logits { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """;

    /// <summary>Every activation and a stored pre-activation (GELU, SiLU), with MSE.</summary>
    public const string Activations = """
        using ModelGen;

        namespace Demo.Nested;

        public static partial class Outer
        {
            [Model]
            internal partial class Regressor
            {
                [Input(5)] public partial Tensor X { get; }
                [Dense(7), Gelu] public partial Tensor A { get; }
                [Dense(6), Silu] public partial Tensor B { get; }
                [Dense(5), Tanh] public partial Tensor C { get; }
                [Dense(4), LeakyRelu(0.1)] public partial Tensor D { get; }
                [Dense(4), Gelu(GeluApproximation.Tanh)] public partial Tensor E { get; }
                [Dense(3), Softplus] public partial Tensor F { get; }
                [Dense(3), Sigmoid] public partial Tensor G { get; }
                [Dense(2)] public partial Tensor Y { get; }
                [MeanSquaredError] public partial Loss Loss { get; }
            }
        }
        """;

    /// <summary>A graph-form model with a residual pre-norm block, dropout, a checkpointed attention layer and label smoothing.</summary>
    public const string Residual = """
        using ModelGen;
        using static ModelGen.Ops;

        namespace Demo;

        [Model]
        public partial class ResidualNet
        {
            [Input(12)] public partial Tensor X { get; }
            [Dense(16), Relu] public partial Layer Stem { get; }
            [LayerNorm] public partial Layer Norm { get; }
            [SelfAttention(4, 2, causal: true), Checkpoint] public partial Layer Attend { get; }
            [Dropout(0.1)] public partial Layer Drop { get; }
            [Dense(16), Gelu] public partial Layer Mix { get; }
            [Dense(10)] public partial Layer Head { get; }
            [SoftmaxCrossEntropy(LabelSmoothing = 0.1)] public partial Loss Loss { get; }

            [Forward]
            private Tensor Forward()
            {
                var h = Stem(X);
                h = h + Drop(Attend(Norm(h)));
                h = h + Mix(h) * 0.5;
                return Head(Concat(h, LogSoftmax(h)));
            }
        }
        """;
    /// <summary>A graph-form model whose every op has a PTX kernel: residual adds, batch/layer/RMS norms, dropout, concat, affine maps, log/exp and the softmax family.</summary>
    public const string GraphOps = """
        using ModelGen;
        using static ModelGen.Ops;

        namespace Demo;

        [Model]
        public partial class GraphOpsNet
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(8), Tanh] public partial Layer Stem { get; }
            [BatchNorm] public partial Layer Bn { get; }
            [LayerNorm] public partial Layer Norm { get; }
            [Dropout(0.2)] public partial Layer Drop { get; }
            [Dense(8), Gelu] public partial Layer Block { get; }
            [RmsNorm] public partial Layer Rms { get; }
            [Dense(3)] public partial Layer Head { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }

            [Forward]
            private Tensor Forward()
            {
                var h = Bn(Stem(X));
                h = h + Drop(Block(Norm(h)));
                var mixed = Concat(Sigmoid(h) * h - 0.5 * h, Log(Softplus(h) + 1.0), Exp(Tanh(h)) / 3.0);
                return Head(Rms(Concat(mixed, LogSoftmax(h, 2.0), Concat(LogSumExp(h), Sum(h)))));
            }
        }
        """;
}
