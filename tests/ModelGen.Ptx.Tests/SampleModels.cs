using ModelGen.Cuda;
using ModelGen.Runtime;
using ModelGen.Tests.Models;
using static ModelGen.Ops;

namespace ModelGen.Ptx.Tests;

/// <summary>A generated model as the PTX tests see it: its float network and its PTX program.</summary>
/// <remarks><paramref name="Vocabulary"/> &gt; 0: the inputs are token ids, integers in [0, Vocabulary).</remarks>
public sealed record SampleModel(string Name, Func<int, NetworkBase<float>> Create, PtxProgram Program, Optimizer Optimizer, int Vocabulary = 0)
{
    public override string ToString() => Name;
}

/// <summary>Every model of the sample and test suites (the digits sample's architecture is DigitsMlp).</summary>
public static class SampleModels
{
    public static IReadOnlyList<SampleModel> All { get; } = new SampleModel[]
    {
        new("DigitsMlp", seed => new DigitsMlp(seed).Engine, DigitsMlp.Network<float>.Ptx, new AdamW(1e-3f)),
        new("ActivationZoo", seed => new ActivationZoo(seed).Engine, ActivationZoo.Network<float>.Ptx, new Adam(1e-2f, weightDecay: 0.01f)),
        new("CancerNet", seed => new CancerNet(seed).Engine, CancerNet.Network<float>.Ptx, new Momentum(0.05f, 0.9f, 1e-4f)),
        new("DiabetesNet", seed => new DiabetesNet(seed).Engine, DiabetesNet.Network<float>.Ptx, new Sgd(0.05f, 1e-3f)),
        new("SigmoidNet", seed => new SigmoidNet(seed).Engine, SigmoidNet.Network<float>.Ptx, new Nesterov(0.1f)),
        new("TanhNet", seed => new TanhNet(seed).Engine, TanhNet.Network<float>.Ptx, new RmsProp(1e-2f)),
        new("ReluNet", seed => new ReluNet(seed).Engine, ReluNet.Network<float>.Ptx, new AdaGrad(0.1f)),
        new("LeakyReluNet", seed => new LeakyReluNet(seed).Engine, LeakyReluNet.Network<float>.Ptx, new Sgd(0.1f)),
        new("GeluNet", seed => new GeluNet(seed).Engine, GeluNet.Network<float>.Ptx, new AdamW(1e-2f)),
        new("GeluTanhNet", seed => new GeluTanhNet(seed).Engine, GeluTanhNet.Network<float>.Ptx, new Adam(1e-2f)),
        new("SiluNet", seed => new SiluNet(seed).Engine, SiluNet.Network<float>.Ptx, new Momentum(0.1f)),
        new("SoftplusNet", seed => new SoftplusNet(seed).Engine, SoftplusNet.Network<float>.Ptx, new AdamW(1e-2f)),
        new("MseNet", seed => new MseNet(seed).Engine, MseNet.Network<float>.Ptx, new Sgd(0.1f)),
        new("BceNet", seed => new BceNet(seed).Engine, BceNet.Network<float>.Ptx, new Adam(1e-2f)),
        new("LayerNormDropoutNet", seed => new LayerNormDropoutNet(seed).Engine, LayerNormDropoutNet.Network<float>.Ptx, new AdamW(1e-2f)),
        new("NormsNet", seed => new NormsNet(seed).Engine, NormsNet.Network<float>.Ptx, new Adam(1e-2f)),
        new("GraphOpsNet", seed => new GraphOpsNet(seed).Engine, GraphOpsNet.Network<float>.Ptx, new Momentum(0.05f, 0.9f)),
        new("SoftmaxFamilyNet", seed => new SoftmaxFamilyNet(seed).Engine, SoftmaxFamilyNet.Network<float>.Ptx, new Sgd(0.1f)),
        new("HuberNet", seed => new HuberNet(seed).Engine, HuberNet.Network<float>.Ptx, new RmsProp(1e-2f)),
        new("SmoothedNet", seed => new SmoothedNet(seed).Engine, SmoothedNet.Network<float>.Ptx, new Adam(1e-2f)),
        new("BatchNormNet", seed => new BatchNormNet(seed).Engine, BatchNormNet.Network<float>.Ptx, new Momentum(0.05f, 0.9f)),
        new("SquaredErrorExpressionNet", seed => new SquaredErrorExpressionNet(seed).Engine, SquaredErrorExpressionNet.Network<float>.Ptx, new Adam(1e-2f)),
        new("EmbeddingNet", seed => new EmbeddingNet(seed).Engine, EmbeddingNet.Network<float>.Ptx, new Adam(1e-2f), Vocabulary: 11),
        // Not Adam: the key bias's gradient is zero in exact arithmetic (softmax ignores a shift of a
        // query's scores), so Adam's g/√v would turn both backends' rounding noise into ±lr steps.
        new("AttentionNet", seed => new AttentionNet(seed).Engine, AttentionNet.Network<float>.Ptx, new Momentum(0.05f, 0.9f), Vocabulary: 11),
        new("BidirectionalAttentionNet", seed => new BidirectionalAttentionNet(seed).Engine, BidirectionalAttentionNet.Network<float>.Ptx, new Sgd(0.1f), Vocabulary: 7),
        new("CheckpointedAttentionNet", seed => new CheckpointedAttentionNet(seed).Engine, CheckpointedAttentionNet.Network<float>.Ptx, new Momentum(0.05f, 0.9f)),
        new("HandWrittenBceExpressionNet", seed => new HandWrittenBceExpressionNet(seed).Engine, HandWrittenBceExpressionNet.Network<float>.Ptx, new Sgd(0.1f)),
    };

    public static TheoryData<SampleModel> Data() => Data(All);

    /// <summary>The models with layer and graph-form kernels (norms, dropout, concat, the softmax family, elementwise ops) and the Huber and label-smoothing losses.</summary>
    public static TheoryData<SampleModel> LayerData() =>
        Data(All.Where(m => m.Name is "LayerNormDropoutNet" or "NormsNet" or "GraphOpsNet" or "SoftmaxFamilyNet" or "HuberNet" or "SmoothedNet" or "BatchNormNet"
            or "SquaredErrorExpressionNet" or "HandWrittenBceExpressionNet" or "EmbeddingNet"
            or "AttentionNet" or "BidirectionalAttentionNet" or "CheckpointedAttentionNet"));

    private static TheoryData<SampleModel> Data(IEnumerable<SampleModel> models)
    {
        var data = new TheoryData<SampleModel>();
        foreach (SampleModel model in models) data.Add(model);
        return data;
    }
}

/// <summary>Layer normalization with a standalone ReLU, then dropout: the mask must match the CPU's bit for bit.</summary>
[Model]
public partial class LayerNormDropoutNet
{
    [Input(7)] public partial Tensor X { get; }
    [Dense(9)] public partial Tensor H { get; }
    [LayerNorm, Relu] public partial Tensor N { get; }
    [Dropout(0.2)] public partial Tensor D { get; }
    [Dense(3)] public partial Tensor Y { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>Group (3 groups of 4) and RMS normalization, with a tempered softmax layer, under mean squared error.</summary>
[Model]
public partial class NormsNet
{
    [Input(6)] public partial Tensor X { get; }
    [Dense(12)] public partial Tensor H { get; }
    [GroupNorm(3), Silu] public partial Tensor G { get; }
    [Dense(37), Tanh] public partial Tensor W { get; }
    [RmsNorm] public partial Tensor R { get; }
    [Softmax(0.5)] public partial Tensor P { get; }
    [Dense(4)] public partial Tensor Y { get; }
    [MeanSquaredError] public partial Loss Loss { get; }
}

/// <summary>Graph form: a residual add, products, an affine map, log/exp and a concatenation (whose backward slices).</summary>
[Model]
public partial class GraphOpsNet
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
        var mixed = Concat(gate, Exp(Tanh(h)) / 3.0, Concat(Log(Softplus(h) + 1.0), h * 2.0 + 1.0));
        return Head(mixed);
    }
}

/// <summary>Graph form: log-softmax, logsumexp and row sums, concatenated (ResidualNet's statistics), under binary cross-entropy.</summary>
[Model]
public partial class SoftmaxFamilyNet
{
    [Input(5)] public partial Tensor X { get; }
    [Dense(40), Tanh] public partial Layer Stem { get; }
    [Dense(2)] public partial Layer Head { get; }
    [BinaryCrossEntropyWithLogits] public partial Loss Loss { get; }

    [Forward]
    private Tensor Forward()
    {
        var h = Stem(X);
        return Head(Concat(LogSoftmax(h, 2.0), Concat(LogSumExp(h), Sum(h)), h - Exp(h * 0.25)));
    }
}

/// <summary>Huber loss with δ = 0.3, so targets in [0, 1] meet both its quadratic and its linear part.</summary>
[Model]
public partial class HuberNet
{
    [Input(5)] public partial Tensor X { get; }
    [Dense(7), Relu] public partial Tensor H { get; }
    [Dense(3)] public partial Tensor Y { get; }
    [Huber(0.3)] public partial Loss Loss { get; }
}

/// <summary>Softmax cross-entropy with label smoothing 0.1, after an RMS normalization.</summary>
[Model]
public partial class SmoothedNet
{
    [Input(6)] public partial Tensor X { get; }
    [Dense(9), Silu] public partial Tensor H { get; }
    [RmsNorm] public partial Tensor R { get; }
    [Dense(4)] public partial Tensor Y { get; }
    [SoftmaxCrossEntropy(LabelSmoothing = 0.1)] public partial Loss Loss { get; }
}

/// <summary>Batch normalization (running statistics in the state arena) with dropout after it.</summary>
[Model]
public partial class BatchNormNet
{
    [Input(5)] public partial Tensor X { get; }
    [Dense(8)] public partial Tensor H { get; }
    [BatchNorm, Tanh] public partial Tensor N { get; }
    [Dropout(0.1)] public partial Tensor D { get; }
    [Dense(3)] public partial Tensor Y { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>A [Loss] method: the mean of an elementwise expression of output and target (LossKind.Expression).</summary>
[Model]
public partial class SquaredErrorExpressionNet
{
    [Input(5)] public partial Tensor X { get; }
    [Dense(7), Tanh] public partial Tensor H { get; }
    [Dense(3)] public partial Tensor Y { get; }

    [Loss]
    private Tensor Objective(Tensor output, Tensor target) => Mean((output - target) * (output - target));
}

/// <summary>Binary cross-entropy written out on probabilities (−Mean, compiled through the stable rewrites) as an expression loss (ModelGen.Tests' HandWrittenBceNet).</summary>
[Model]
#pragma warning disable MG0017
public partial class HandWrittenBceExpressionNet
{
    [Input(4)] public partial Tensor X { get; }
    [Dense(6), Silu] public partial Tensor H { get; }
    [Dense(3)] public partial Tensor Y { get; }

    [Loss]
    private Tensor Objective(Tensor output, Tensor target) =>
        -Mean(target * Log(Sigmoid(output)) + (1 - target) * Log(1 - Sigmoid(output)));
}
#pragma warning restore MG0017

/// <summary>Token ids (5 per sample, vocabulary 11) through an embedding table to 3 classes.</summary>
[Model]
public partial class EmbeddingNet
{
    [Input(5)] public partial Tensor Tokens { get; }
    [Embedding(11, 4)] public partial Tensor Embedded { get; }
    [Dense(6), Tanh] public partial Tensor H { get; }
    [Dense(3)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>Token ids through an embedding and causal two-head self-attention (per-position projections over batch × 5 rows) to 3 classes (ModelGen.Tests' AttentionNet; this project links only TestModels.cs).</summary>
[Model]
public partial class AttentionNet
{
    [Input(5)] public partial Tensor Tokens { get; }
    [Embedding(11, 4)] public partial Tensor Embedded { get; }
    [SelfAttention(5, 2, causal: true)] public partial Tensor Attended { get; }
    [Dense(3)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}

/// <summary>Non-causal attention with three heads of width 2, a GELU layer after it, under mean squared error.</summary>
[Model]
public partial class BidirectionalAttentionNet
{
    [Input(4)] public partial Tensor Tokens { get; }
    [Embedding(7, 6)] public partial Tensor Embedded { get; }
    [SelfAttention(4, 3)] public partial Tensor Attended { get; }
    [Dense(5), Gelu] public partial Tensor H { get; }
    [Dense(2)] public partial Tensor Y { get; }
    [MeanSquaredError] public partial Loss Loss { get; }
}

/// <summary>
/// The generator's Residual snapshot model: a checkpointed causal attention on a layer norm of real
/// features (recomputed in the backward pass), dropout, residual adds, label smoothing.
/// </summary>
[Model]
public partial class CheckpointedAttentionNet
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
