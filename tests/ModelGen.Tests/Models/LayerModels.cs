using ModelGen;
using static ModelGen.Ops;

namespace ModelGen.Tests.Models;

// One model per layer kind and graph-form op, small and with widths that are no multiple of a vector,
// so a failing gradient check names the layer.

[Model] public partial class LayerNormNet { [Input(7)] public partial Tensor X { get; } [Dense(9)] public partial Tensor H { get; } [LayerNorm, Relu] public partial Tensor N { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class RmsNormNet { [Input(7)] public partial Tensor X { get; } [Dense(9), Gelu] public partial Tensor H { get; } [RmsNorm] public partial Tensor N { get; } [Dense(3)] public partial Tensor Y { get; } [MeanSquaredError] public partial Loss Loss { get; } }
[Model] public partial class GroupNormNet { [Input(6)] public partial Tensor X { get; } [Dense(12)] public partial Tensor H { get; } [GroupNorm(3), Silu] public partial Tensor N { get; } [Dense(4)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class BatchNormNet { [Input(5)] public partial Tensor X { get; } [Dense(8)] public partial Tensor H { get; } [BatchNorm, Tanh] public partial Tensor N { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class DropoutNet { [Input(6)] public partial Tensor X { get; } [Dense(10), Tanh] public partial Tensor H { get; } [Dropout(0.3)] public partial Tensor D { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
[Model] public partial class SoftmaxLayerNet { [Input(5)] public partial Tensor X { get; } [Dense(6)] public partial Tensor H { get; } [Softmax(0.5)] public partial Tensor P { get; } [Dense(3)] public partial Tensor Y { get; } [MeanSquaredError] public partial Loss Loss { get; } }

/// <summary>Token ids through an embedding and causal two-head self-attention to 3 classes.</summary>
[Model]
public partial class AttentionNet
{
    [Input(5)] public partial Tensor Tokens { get; }
    [Embedding(11, 4)] public partial Tensor Embedded { get; }
    [SelfAttention(5, 2, causal: true)] public partial Tensor Attended { get; }
    [Dense(3)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>A softmax output layer under cross-entropy: folded into the logits form (MG0017).</summary>
[Model]
#pragma warning disable MG0017
public partial class SoftmaxOutputNet { [Input(4)] public partial Tensor X { get; } [Dense(5)] public partial Tensor Z { get; } [Softmax(2.0)] public partial Tensor P { get; } [SoftmaxCrossEntropy] public partial Loss Loss { get; } }
#pragma warning restore MG0017

/// <summary>A residual block with a LayerNorm, a concatenation and the graph form's elementwise ops.</summary>
[Model]
public partial class ResidualNet
{
    [Input(6)] public partial Tensor X { get; }
    [Dense(8), Tanh] public partial Layer Stem { get; }
    [LayerNorm] public partial Layer Norm { get; }
    [Dense(8), Gelu] public partial Layer Block { get; }
    [Dense(3)] public partial Layer Head { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }

    [Forward]
    private Tensor Forward()
    {
        var h = Stem(X);
        h = h + Block(Norm(h));
        var gate = Sigmoid(h) * h - 0.5 * h;
        var mixed = Concat(gate, LogSoftmax(h, 2.0), Exp(Tanh(h)) / 3.0);
        var statistics = Concat(LogSumExp(h), Sum(h), Log(Softplus(h) + 1.0));
        return Head(Concat(mixed, statistics));
    }
}

/// <summary>The unstable compositions the compiler rewrites (MG0017), each feeding the head.</summary>
[Model]
#pragma warning disable MG0017
public partial class RewrittenNet
{
    [Input(5)] public partial Tensor X { get; }
    [Dense(6)] public partial Layer Z { get; }
    [Dense(1)] public partial Layer Head { get; }
    [BinaryCrossEntropyWithLogits] public partial Loss Loss { get; }

    [Forward]
    private Tensor Forward()
    {
        var z = Z(X);
        var features = Concat(Log(Softmax(z)), Log(Sigmoid(z)), Log(1 - Sigmoid(z)));
        var pooled = Log(Sum(Exp(z)));
        return Sigmoid(Head(Concat(features, pooled)));
    }
}
#pragma warning restore MG0017

/// <summary>Four attention layers and two GELU/SiLU layers; <see cref="CheckpointedNet"/> is the same with [Checkpoint] on each.</summary>
[Model]
public partial class PlainDeepNet
{
    [Input(5)] public partial Tensor Tokens { get; }
    [Embedding(11, 8)] public partial Tensor Embedded { get; }
    [SelfAttention(5, 2)] public partial Tensor Attended { get; }
    [SelfAttention(5, 2, causal: true)] public partial Tensor Attended2 { get; }
    [SelfAttention(5, 2)] public partial Tensor Attended3 { get; }
    [SelfAttention(5, 2, causal: true)] public partial Tensor Attended4 { get; }
    [Dense(32), Gelu] public partial Tensor Wide { get; }
    [Dense(32), Silu] public partial Tensor Wide2 { get; }
    [Dense(3)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

[Model]
public partial class CheckpointedNet
{
    [Input(5)] public partial Tensor Tokens { get; }
    [Embedding(11, 8)] public partial Tensor Embedded { get; }
    [SelfAttention(5, 2), Checkpoint] public partial Tensor Attended { get; }
    [SelfAttention(5, 2, causal: true), Checkpoint] public partial Tensor Attended2 { get; }
    [SelfAttention(5, 2), Checkpoint] public partial Tensor Attended3 { get; }
    [SelfAttention(5, 2, causal: true)] public partial Tensor Attended4 { get; } // its backward pass is the peak: a checkpoint here would be MG0020
    [Dense(32), Gelu, Checkpoint] public partial Tensor Wide { get; }
    [Dense(32), Silu, Checkpoint] public partial Tensor Wide2 { get; }
    [Dense(3)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>Huber regression and label-smoothed classification, the loss attributes' parameters.</summary>
[Model] public partial class HuberNet { [Input(4)] public partial Tensor X { get; } [Dense(6), Tanh] public partial Tensor H { get; } [Dense(2)] public partial Tensor Y { get; } [Huber(0.5)] public partial Loss Loss { get; } }
[Model] public partial class SmoothedNet { [Input(4)] public partial Tensor X { get; } [Dense(6), Tanh] public partial Tensor H { get; } [Dense(3)] public partial Tensor Y { get; } [SoftmaxCrossEntropy(LabelSmoothing = 0.1)] public partial Loss Loss { get; } }

/// <summary>A [Loss] method on probabilities at a temperature: compiled as the logits form on output / 2.</summary>
[Model]
#pragma warning disable MG0017
public partial class LossMethodNet
{
    [Input(4)] public partial Tensor X { get; }
    [Dense(6), Tanh] public partial Tensor H { get; }
    [Dense(3)] public partial Tensor Y { get; }

    [Loss]
    private Tensor Objective(Tensor output, Tensor target) => CrossEntropy(Softmax(output, 2.0), target, labelSmoothing: 0.05);
}
#pragma warning restore MG0017


/// <summary>Binary cross-entropy written out on probabilities: compiled through the −Softplus rewrites (MG0017) into a finite loss.</summary>
[Model]
#pragma warning disable MG0017
public partial class HandWrittenBceNet
{
    [Input(4)] public partial Tensor X { get; }
    [Dense(6), Silu] public partial Tensor H { get; }
    [Dense(3)] public partial Tensor Y { get; }

    [Loss]
    private Tensor Objective(Tensor output, Tensor target) =>
        -Mean(target * Log(Sigmoid(output)) + (1 - target) * Log(1 - Sigmoid(output)));
}
#pragma warning restore MG0017

/// <summary>Every new layer kind on the per-step path, for the allocation test.</summary>
[Model]
public partial class AllocationProbeNet
{
    [Input(12)] public partial Tensor X { get; }
    [Dense(16), Relu] public partial Layer Stem { get; }
    [LayerNorm] public partial Layer Norm { get; }
    [SelfAttention(4, 2, causal: true), Checkpoint] public partial Layer Attend { get; }
    [Dropout(0.1)] public partial Layer Drop { get; }
    [BatchNorm, Gelu] public partial Layer Batch { get; }
    [Dense(10)] public partial Layer Head { get; }
    [SoftmaxCrossEntropy(LabelSmoothing = 0.1)] public partial Loss Loss { get; }

    [Forward]
    private Tensor Forward()
    {
        var h = Stem(X);
        h = h + Drop(Attend(Norm(h)));
        return Head(Concat(Batch(h), LogSoftmax(h)));
    }
}
