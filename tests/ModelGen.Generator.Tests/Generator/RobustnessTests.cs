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
