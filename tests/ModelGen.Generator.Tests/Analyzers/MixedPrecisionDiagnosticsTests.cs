using ModelGen.Generator.Tests.Infrastructure;

namespace ModelGen.Generator.Tests.Analyzers;

/// <summary>MG0015: float16 training options without loss scaling, at the Precision assignment.</summary>
public class MixedPrecisionDiagnosticsTests
{
    private const string Header = "using ModelGen;\nnamespace Demo;\n";

    private static string Options(string initializer) => Header + $$"""
        public static class Training
        {
            public static TrainingOptions Make(Optimizer optimizer, LossScaling scaling) =>
                new TrainingOptions { Epochs = 10, BatchSize = 32, Optimizer = optimizer, {{initializer}} };
        }
        """;

    [Theory]
    [InlineData("{|MG0015:Precision = StoragePrecision.Float16|}")]
    [InlineData("{|MG0015:Precision = StoragePrecision.Float16|}, LossScaling = null")]
    [InlineData("LossScaling = default, {|MG0015:Precision = StoragePrecision.Float16|}")]
    [InlineData("{|MG0015:Precision = (StoragePrecision)2|}")]
    public void Float16WithoutLossScalingIsFlagged(string initializer) => Markup.Verify(Options(initializer));

    [Theory]
    [InlineData("Precision = StoragePrecision.Float16, LossScaling = LossScaling.Dynamic")]
    [InlineData("LossScaling = new LossScaling { InitialScale = 1024 }, Precision = StoragePrecision.Float16")]
    [InlineData("Precision = StoragePrecision.Float16, LossScaling = scaling")]
    [InlineData("Precision = StoragePrecision.BFloat16")]
    [InlineData("Precision = StoragePrecision.Float32")]
    [InlineData("L2 = 1e-4")]
    public void ScaledFloat16AndOtherPrecisionsAreFine(string initializer) => Markup.Verify(Options(initializer));

    [Fact]
    public void WithExpressionsThatSwitchToFloat16AreFlaggedUnlessTheyScale() => Markup.Verify(Header + """
        public static class Training
        {
            public static TrainingOptions Half(TrainingOptions options) => options with { {|MG0015:Precision = StoragePrecision.Float16|} };
            public static TrainingOptions Scaled(TrainingOptions options) => options with { Precision = StoragePrecision.Float16, LossScaling = LossScaling.Dynamic };
            public static TrainingOptions Brain(TrainingOptions options) => options with { Precision = StoragePrecision.BFloat16 };
        }
        """);

    [Fact]
    public void TheMessageNamesTheFix()
    {
        var diagnostic = Assert.Single(TestCompilation.Build(Options("Precision = StoragePrecision.Float16")));
        Assert.Equal("MG0015", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("below 6e-8 flush to zero", diagnostic.GetMessage());
        Assert.Contains("LossScaling = LossScaling.Dynamic", diagnostic.GetMessage());
        Assert.Equal("docs/diagnostics/MG0015.md", diagnostic.Descriptor.HelpLinkUri);
    }
}
