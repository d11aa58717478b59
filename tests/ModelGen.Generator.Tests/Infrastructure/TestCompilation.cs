using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generator;
using ModelGen.Generator.Analyzers;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>Compiles test sources against the BCL and the ModelGen runtime, and runs the generator and analyzer on them.</summary>
internal static class TestCompilation
{
    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "TestModels",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        new[] { new ModelGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the updated compilation and the generated files by hint name.</summary>
    public static (Compilation Output, IReadOnlyDictionary<string, string> Files) Generate(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var files = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return (output, files);
    }

    /// <summary>The analyzer's diagnostics on a compilation that already holds the generated code.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelAnalyzer(), new OptimizerSettingsAnalyzer(), new MixedPrecisionAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>Everything a build would report: compiler errors of the generated compilation plus analyzer findings.</summary>
    public static ImmutableArray<Diagnostic> Build(params string[] sources)
    {
        var (output, _) = Generate(Create(sources));
        var compilerErrors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);
        return compilerErrors.Concat(Analyze(output)).ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(ModelGen.ModelAttribute).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
