using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests.Analyzers;

/// <summary>The graph form's diagnostics land on the expression, layer or attribute they are about.</summary>
public class GraphFormDiagnosticsTests
{
    private const string Header = "using ModelGen;\nusing static ModelGen.Ops;\nnamespace Demo;\n";

    private static string Net(string layers, string body, string loss = "[SoftmaxCrossEntropy] public partial Loss Loss { get; }") => Header + $$"""
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            {{layers}}
            {{loss}}
            [Forward]
            private Tensor Forward()
            {
                {{body}}
            }
        }
        """;

    private const string TwoLayers = "[Dense(8), Relu] public partial Layer A { get; }\n[Dense(3)] public partial Layer B { get; }";

    [Fact]
    public void ValidResidualModelHasNoDiagnostics() => Markup.Verify(Net(
        "[Dense(6), Relu] public partial Layer A { get; }\n[LayerNorm] public partial Layer N { get; }\n[Dense(3)] public partial Layer B { get; }",
        "var h = X + A(N(X));\nreturn B(Concat(h, Tanh(h)) * 0.5);"));

    [Theory]
    [InlineData("var h = A(X);\nif (true) { }\nreturn B(h);", "{|MG0016:if (true) { }|}")]
    [InlineData("var h = A(X);\nreturn B(h / 0.0);", "{|MG0016:h / 0.0|}")]
    [InlineData("var h = A(X);\nreturn B(h + X);", "{|MG0016:h + X|}")]
    [InlineData("var h = A(X);\nreturn B(A(h));", "{|MG0016:A(h)|}")]
    [InlineData("var h = A(X);\nreturn B(h * System.Math.PI + System.Math.Abs(h.Rows));", "{|MG0016:System.Math.Abs(h.Rows)|}")]
    public void ExpressionsOutsideTheVocabularyAreReportedWhereTheyAreWritten(string body, string marked)
    {
        string inner = marked.Substring("{|MG0016:".Length, marked.Length - "{|MG0016:".Length - "|}".Length);
        string markup = Net(TwoLayers, body.Replace(inner, marked));
        Markup.Verify(markup);
    }

    [Fact]
    public void ALayerThatIsNeverCalledIsReported() => Markup.Verify(Net(
        TwoLayers + "\n[Dense(4)] public partial Layer {|MG0016:Unused|} { get; }",
        "return B(A(X));"));

    [Fact]
    public void UnstableCompositionsAreReportedAsTheirStableRewrite() => Markup.Verify(Net(
        "[Dense(6)] public partial Layer A { get; }\n[Dense(1)] public partial Layer B { get; }",
        "var z = A(X);\nreturn B(Concat({|MG0017:Log(Softmax(z))|}, {|MG0017:Log(Sigmoid(z))|}, {|MG0017:Log(1 - Sigmoid(z))|}));",
        "[MeanSquaredError] public partial Loss Loss { get; }"));

    [Fact]
    public void LogSumExpWrittenByHandIsReported() => Markup.Verify(Net(
        "[Dense(6)] public partial Layer A { get; }\n[Dense(2)] public partial Layer B { get; }",
        "var z = A(X);\nreturn B(Concat(z, {|MG0017:Log(Sum(Exp(z)))|}));",
        "[MeanSquaredError] public partial Loss Loss { get; }"));

    [Fact]
    public void SoftmaxOutputUnderCrossEntropyIsReported() => Markup.Verify(Net(TwoLayers, "return {|MG0017:Softmax(B(A(X)), 2.0)|};"));

    [Fact]
    public void LayerPropertiesWithoutAForwardMethodAreReported() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(3)] public partial Layer {|MG0006:B|} { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void TensorLayersInAGraphFormModelAreReported() => Markup.Verify(Net(
        "[Dense(3)] public partial Tensor {|MG0006:B|} { get; }",
        "return X;"));

    [Fact]
    public void ZeroInitializationIsAWarning() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [{|MG0018:Dense(8, Init = Initializer.Zeros)|}, Relu] public partial Tensor H { get; }
            [Dense(3)] public partial Tensor Y { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Theory]
    [InlineData("{|MG0019:LayerNorm(1e-12)|}")]
    [InlineData("{|MG0019:BatchNorm(0.1, 1e-20)|}")]
    [InlineData("{|MG0005:RmsNorm(0)|}")]
    [InlineData("{|MG0005:GroupNorm(2, -1e-5)|}")]
    [InlineData("{|MG0005:BatchNorm(1.5)|}")]
    [InlineData("{|MG0005:Dropout(1.0)|}")]
    [InlineData("{|MG0005:Softmax(0)|}")]
    public void NormalizationAndRegularizationArgumentsAreChecked(string attribute) => Markup.Verify(Header + $$"""
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(8)] public partial Tensor H { get; }
            [{{attribute}}] public partial Tensor N { get; }
            [Dense(3)] public partial Tensor Y { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void GroupsThatDoNotDivideTheWidthAreReported() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(10)] public partial Tensor H { get; }
            [{|MG0005:GroupNorm(4)|}] public partial Tensor N { get; }
            [Dense(3)] public partial Tensor Y { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void SoftmaxLayerBeforeCrossEntropyIsReportedAtTheAttribute() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(3)] public partial Tensor Z { get; }
            [{|MG0017:Softmax|}] public partial Tensor P { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    private static string WithLossMethod(string body, string lossProperty = "") => Header + $$"""
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(3)] public partial Tensor Y { get; }
            {{lossProperty}}
            [Loss]
            private Tensor Objective(Tensor output, Tensor target) => {{body}};
        }
        """;

    [Fact]
    public void ALossMethodOnProbabilitiesIsCompiledInTheLogitsForm() =>
        Markup.Verify(WithLossMethod("{|MG0017:CrossEntropy(Softmax(output, 2.0), target)|}"));

    [Fact]
    public void BinaryCrossEntropyOnASigmoidIsCompiledInTheLogitsForm() =>
        Markup.Verify(WithLossMethod("{|MG0017:BinaryCrossEntropy(Sigmoid(output), target)|}"));

    [Theory]
    [InlineData("MeanSquaredError(output, target)")]
    [InlineData("Huber(output, target, 0.5)")]
    [InlineData("SoftmaxCrossEntropy(output, target, 0.1)")]
    [InlineData("BinaryCrossEntropyWithLogits(output, target)")]
    public void LogitsAndRegressionLossesCompileSilently(string body) => Markup.Verify(WithLossMethod(body));

    [Theory]
    [InlineData("{|MG0016:CrossEntropy(output, target)|}")]
    [InlineData("{|MG0016:BinaryCrossEntropy(output, target)|}")]
    [InlineData("{|MG0016:MeanSquaredError(output, output)|}")]
    [InlineData("MeanSquaredError({|MG0016:Tanh(output)|}, target)")]
    [InlineData("{|MG0016:Exp(output)|}")]
    public void LossMethodsOutsideTheVocabularyAreReported(string body) => Markup.Verify(WithLossMethod(body));

    [Fact]
    public void ALossMethodAndALossPropertyAreOneLossTooMany() => Markup.Verify(WithLossMethod(
        "MeanSquaredError(output, target)", "[{|MG0016:MeanSquaredError|}] public partial Loss Loss { get; }"));

    [Fact]
    public void ACheckpointThatWouldNotLowerThePeakIsReportedAndIgnored() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(64)] public partial Tensor X { get; }
            [Dense(512)] public partial Tensor Stem { get; }
            [{|MG0020:LayerNorm|}, Gelu, Checkpoint] public partial Tensor Norm { get; }
            [Dense(10)] public partial Tensor Head { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void BatchNormCannotBeCheckpointed() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(8)] public partial Tensor H { get; }
            [{|MG0009:BatchNorm|}, Checkpoint] public partial Tensor N { get; }
            [Dense(3)] public partial Tensor Y { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void AHandWrittenLossIsCompiledThroughTheStableRewrites() => Markup.Verify(WithLossMethod(
        "-Mean(target * {|MG0017:Log(Sigmoid(output))|} + (1 - target) * {|MG0017:Log(1 - Sigmoid(output))|})"));

    [Fact]
    public void AnElementwiseSquaredErrorCompilesSilently() => Markup.Verify(WithLossMethod("Mean((output - target) * (output - target) * 0.5)"));

    [Theory]
    [InlineData("Mean(output * {|MG0016:X|})")]
    [InlineData("Mean({|MG0016:output - Sum(target)|})")]
    public void HandWrittenLossesOutsideTheVocabularyAreReported(string body) => Markup.Verify(WithLossMethod(body));

    [Fact]
    public void ALossThatIgnoresTheOutputIsReportedOnTheMethod() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(6)] public partial Tensor X { get; }
            [Dense(3)] public partial Tensor Y { get; }
            [Loss]
            private Tensor {|MG0016:Objective|}(Tensor output, Tensor target) => Mean(target * target);
        }
        """);
}
