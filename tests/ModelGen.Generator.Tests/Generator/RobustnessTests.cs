using Microsoft.CodeAnalysis;
using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests.Generator;

/// <summary>The generator and analyzer never throw, whatever the model looks like.</summary>
public class RobustnessTests
{
    private static readonly string[] Members =
    {
        "[Input(4)] public partial Tensor In { get; }",
        "[Input(0)] public partial Tensor In0 { get; }",
        "[Dense(3)] public partial Tensor D3 { get; }",
        "[Dense(5, 2), Relu] public partial Tensor D52 { get; }",
        "[Dense(-1), Tanh] public partial Tensor DNeg { get; }",
        "[Dense(2), LeakyRelu(2.0)] public partial Tensor DLeaky { get; }",
        "[Dense(1)] public partial Tensor D1 { get; }",
        "[Relu] public partial Tensor OnlyRelu { get; }",
        "[Dense(4), Gelu((GeluApproximation)7)] public partial Tensor DGelu { get; }",
        "[SoftmaxCrossEntropy] public partial Loss Ce { get; }",
        "[MeanSquaredError] public partial Tensor MseWrongType { get; }",
        "[BinaryCrossEntropyWithLogits] public partial Loss Bce { get; }",
        "[Dense(3)] public int Field;",
        "[Dense(3)] public partial Tensor WithSetter { get; set; }",
        "[Dense(3)] public static partial Tensor Static { get; }",
        "[Input(2), Dense(2)] public partial Tensor Both { get; }",
        "[Dense(int.MaxValue)] public partial Tensor Huge { get; }",
    };

    [Fact]
    public void RandomModelsNeverCrashTheGeneratorOrTheAnalyzer()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 60; trial++)
        {
            int count = random.Next(0, 7);
            var chosen = Enumerable.Range(0, count).Select(_ => Members[random.Next(Members.Length)]).Distinct();
            string source = "using ModelGen;\nnamespace Demo;\n[Model]\npublic partial class Net\n{\n" + string.Join("\n", chosen) + "\n}\n";
            var compilation = TestCompilation.Create(source);
            var driver = TestCompilation.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
            Assert.True(generatorDiagnostics.IsEmpty, $"{string.Join("; ", generatorDiagnostics)}\n{source}");
            Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
            var analyzerDiagnostics = TestCompilation.Analyze(output);
            Assert.DoesNotContain(analyzerDiagnostics, d => d.Id is "AD0001" or "MG9999");
            bool valid = !analyzerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (valid)
                Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    private static readonly string[] GraphMembers =
    {
        "[Input(6)] public partial Tensor X { get; }",
        "[Input(6)] public partial Tensor X2 { get; }",
        "[Dense(6), Relu] public partial Layer A { get; }",
        "[Dense(3)] public partial Layer B { get; }",
        "[LayerNorm] public partial Layer N { get; }",
        "[GroupNorm(4)] public partial Layer G { get; }",
        "[BatchNorm, Checkpoint] public partial Layer Bn { get; }",
        "[Dropout(0.5)] public partial Layer D { get; }",
        "[Embedding(10, 2)] public partial Layer E { get; }",
        "[SelfAttention(3, 2, true)] public partial Layer S { get; }",
        "[SelfAttention(4)] public partial Layer S4 { get; }",
        "[Softmax(0)] public partial Layer Sm { get; }",
        "[Dense(3)] public partial Tensor TensorLayer { get; }",
        "[SoftmaxCrossEntropy(LabelSmoothing = 2)] public partial Loss Ce { get; }",
        "[Huber(-1)] public partial Loss Hu { get; }",
        "[MeanSquaredError] public partial Loss Mse { get; }",
        "[Loss] private Tensor L1(Tensor output, Tensor target) => CrossEntropy(Softmax(output), target);",
        "[Loss] private Tensor L2(Tensor output, Tensor target) => -Mean(target * Log(Sigmoid(output)));",
        "[Loss] private Tensor L3(Tensor output) => Mean(output);",
        "[Loss] private Tensor L4(Tensor output, Tensor target) => Mean(target);",
    };

    private static readonly string[] ForwardBodies =
    {
        "return B(A(X));",
        "var h = A(X); h = h + N(h); return B(Concat(h, Tanh(h)));",
        "return B(S(E(X)));",
        "var h = A(X); return B(D(G(h)) * 2.0 - Log(Sum(Exp(h))));",
        "return Softmax(B(Bn(A(X))), 0.5);",
        "var h = A(X); for (int i = 0; i < 2; i++) { h = A(h); } return B(h);",
        "return B(A(X) / A(X));",
        "return X;",
        "var h = A(X2); return B(h);",
        "return B(Sm(S4(A(X))));",
        "throw new System.Exception();",
    };

    [Fact]
    public void RandomGraphFormModelsNeverCrashTheGeneratorOrTheAnalyzer()
    {
        var random = new Random(4321);
        for (int trial = 0; trial < 120; trial++)
        {
            var chosen = Enumerable.Range(0, random.Next(0, 8)).Select(_ => GraphMembers[random.Next(GraphMembers.Length)]).Distinct();
            string forward = random.Next(4) == 0 ? "" : "[Forward] private Tensor Forward() { " + ForwardBodies[random.Next(ForwardBodies.Length)] + " }";
            string source = "using ModelGen;\nusing static ModelGen.Ops;\nnamespace Demo;\n[Model]\npublic partial class Net\n{\n" + string.Join("\n", chosen) + "\n" + forward + "\n}\n";
            var compilation = TestCompilation.Create(source);
            var driver = TestCompilation.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
            Assert.True(generatorDiagnostics.IsEmpty, $"{string.Join("; ", generatorDiagnostics)}\n{source}");
            Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
            var analyzerDiagnostics = TestCompilation.Analyze(output);
            Assert.True(!analyzerDiagnostics.Any(d => d.Id is "AD0001" or "MG9999"), $"{string.Join("; ", analyzerDiagnostics.Where(d => d.Id is "AD0001" or "MG9999"))}\n{source}");
            bool valid = !analyzerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) && !output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("CS", StringComparison.Ordinal));
            bool userCodeCompiles = !compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS9248" && d.Id != "CS8795");
            if (valid && userCodeCompiles)
                Assert.True(!output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error), $"{string.Join("; ", output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))}\n{source}");
        }
    }

    [Fact]
    public void LayersTooLargeForTheParameterArenaAreAnError() => Markup.Verify("""
        using ModelGen;
        namespace Demo;
        [Model]
        public partial class Net
        {
            [Input(4096)] public partial Tensor In { get; }
            [{|MG0005:Dense(int.MaxValue)|}] public partial Tensor H { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);
}
