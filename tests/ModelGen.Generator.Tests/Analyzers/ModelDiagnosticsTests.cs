using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests.Analyzers;

/// <summary>Each MG diagnostic at its exact location, and nothing else in the build.</summary>
public class ModelDiagnosticsTests
{
    private const string Header = "using ModelGen;\nnamespace Demo;\n";

    [Fact]
    public void ValidModelHasNoDiagnostics() => Markup.Verify(Models.Digits);

    [Fact]
    public void SizesThatDoNotChainAreOneErrorAtTheAttribute() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(64)] public partial Tensor Pixels { get; }
            [Dense(128), Relu] public partial Tensor Hidden { get; }
            [{|MG0001:Dense(100, 10)|}] public partial Tensor Logits { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void MissingInputIsReportedOnTheClass() => Markup.Verify(Header + """
        [Model]
        public partial class {|MG0002:Net|}
        {
            [Dense(10)] public partial Tensor Logits { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void MissingLossIsReportedOnTheClass() => Markup.Verify(Header + """
        [Model]
        public partial class {|MG0003:Net|}
        {
            [Input(4)] public partial Tensor X { get; }
            [Dense(10)] public partial Tensor Logits { get; }
        }
        """);

    [Fact]
    public void SoftmaxCrossEntropyOnOneOutputDoesNotFit() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(4)] public partial Tensor X { get; }
            [Dense(1)] public partial Tensor Logit { get; }
            [{|MG0004:SoftmaxCrossEntropy|}] public partial Loss Loss { get; }
        }
        """);

    [Theory]
    [InlineData("[{|MG0005:Input(0)|}] public partial Tensor X { get; }\n[Dense(2)] public partial Tensor Y { get; }")]
    [InlineData("[Input(3)] public partial Tensor X { get; }\n[{|MG0005:Dense(-5)|}] public partial Tensor Y { get; }")]
    [InlineData("[Input(3)] public partial Tensor X { get; }\n[Dense(4), {|MG0005:LeakyRelu(1.5)|}] public partial Tensor H { get; }\n[Dense(2)] public partial Tensor Y { get; }")]
    [InlineData("[Input(3)] public partial Tensor X { get; }\n[Dense(4), {|MG0005:LeakyRelu(double.NaN)|}] public partial Tensor H { get; }\n[Dense(2)] public partial Tensor Y { get; }")]
    [InlineData("[Input(3)] public partial Tensor X { get; }\n[{|MG0005:Dense(4, Init = (Initializer)42)|}] public partial Tensor H { get; }\n[Dense(2)] public partial Tensor Y { get; }")]
    public void InvalidArgumentsAreReportedAtTheAttribute(string members) => Markup.Verify(Header + $$"""
        [Model]
        public partial class Net
        {
            {{members}}
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Theory]
    [InlineData("[Dense(8)] public Tensor {|MG0006:Hidden|} { get; }")]
    [InlineData("[Dense(8)] public partial Tensor {|MG0006:Hidden|} { get; set; }")]
    [InlineData("[Dense(8)] public partial int {|MG0006:Hidden|} { get; }")]
    [InlineData("[Dense(8)] public Tensor {|MG0006:Hidden|}() => default;")]
    [InlineData("[Dense(8)] public partial Loss {|MG0006:Hidden|} { get; }")]
    public void UnsupportedMemberShapesAreReportedAtTheMember(string member) => Markup.Verify(Header + $$"""
        [Model]
        public partial class Net
        {
            [Input(4)] public partial Tensor X { get; }
            {{member}}
            [Dense(2)] public partial Tensor Y { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Theory]
    [InlineData("public class", "must be declared 'partial'")]
    [InlineData("public partial class Outer { [Model] public partial class", "nested in a type that is not 'partial'")]
    [InlineData("public partial record", "cannot be a record")]
    public void UnsupportedModelClassesAreReportedOnTheClass(string declaration, string reason)
    {
        string source = Header + (declaration.Contains("Outer") ? declaration.Replace("public partial class Outer", "public class Outer") : "[Model] " + declaration)
            + " Net { [Input(4)] public Tensor X => default; }" + (declaration.Contains("Outer") ? " }" : "");
        var diagnostics = TestCompilation.Build(source);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "MG0007");
        Assert.Contains(reason, diagnostic.GetMessage());
        Assert.Equal("Net", diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void LayerAfterTheLossIsOutOfOrder() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(4)] public partial Tensor X { get; }
            [Dense(3)] public partial Tensor Y { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
            [{|MG0008:Dense(3)|}] public partial Tensor Late { get; }
        }
        """);

    [Fact]
    public void TwoActivationsOnOneLayerConflict() => Markup.Verify(Header + """
        [Model]
        public partial class Net
        {
            [Input(4)] public partial Tensor X { get; }
            [Dense(3), Relu, {|MG0009:Tanh|}] public partial Tensor H { get; }
            [Dense(2)] public partial Tensor Y { get; }
            [SoftmaxCrossEntropy] public partial Loss Loss { get; }
        }
        """);

    [Fact]
    public void LayerAttributesOutsideAModelAreAWarning() => Markup.Verify(Header + """
        public partial class NotAModel
        {
            [Dense(3)] public Tensor {|MG0010:H|} => default;
        }
        """);

    [Fact]
    public void ProjectWithoutUnsafeCodeGetsOneErrorAndNoCompilerFlood()
    {
        var compilation = TestCompilation.Create(Models.Digits);
        compilation = compilation.WithOptions(compilation.Options.WithAllowUnsafe(false));
        var (output, files) = TestCompilation.Generate(compilation);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Contains("MG0011", Assert.Single(files).Value);
        var diagnostic = Assert.Single(TestCompilation.Analyze(output));
        Assert.Equal("MG0011", diagnostic.Id);
        Assert.Contains("<AllowUnsafeBlocks>true</AllowUnsafeBlocks>", diagnostic.GetMessage());
    }

    [Fact]
    public void MessagesNameTheFix()
    {
        var diagnostics = TestCompilation.Build(Header + """
            [Model]
            public partial class Net
            {
                [Input(64)] public partial Tensor Pixels { get; }
                [Dense(128), Relu] public partial Tensor Hidden { get; }
                [Dense(100, 10)] public partial Tensor Logits { get; }
                [SoftmaxCrossEntropy] public partial Loss Loss { get; }
            }
            """);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("Layer 'Logits' declares 100 inputs but 'Hidden' produces 128: write [Dense(128, 10)], or [Dense(10)] to infer the input size", diagnostic.GetMessage());
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("docs/diagnostics/MG0001.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void EveryDiagnosticHasADocsPage()
    {
        string root = FindRepositoryRoot();
        foreach (var descriptor in new ModelGen.Generator.Analyzers.ModelAnalyzer().SupportedDiagnostics)
        {
            string page = Path.Combine(root, descriptor.HelpLinkUri);
            Assert.True(File.Exists(page), $"{descriptor.Id} has no docs page at {page}");
            Assert.Contains(descriptor.Id, File.ReadAllText(page));
        }
    }

    [Fact]
    public void PragmaSuppressesTheDiagnostic()
    {
        var diagnostics = TestCompilation.Build(Header + """
            public partial class NotAModel
            {
            #pragma warning disable MG0010
                [Dense(3)] public Tensor H => default;
            #pragma warning restore MG0010
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Id == "MG0010" && !d.IsSuppressed);
    }

    private static string FindRepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ModelGen.sln"))) return dir;
        }
        throw new InvalidOperationException("repository root not found");
    }
}
