using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Tests.Infrastructure;

/// <summary>Compiles test sources (plus the StableMath stand-in) against the BCL and runs every MG1xxx analyzer.</summary>
internal static class TestCompilation
{
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(NumericRule).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "NumericsTest",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Test{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(StableMathStandIn.Source, ParseOptions, path: "StableMath.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions? options = null)
    {
        var withAnalyzers = compilation.WithAnalyzers(AllAnalyzers, new CompilationWithAnalyzersOptions(
            options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        return withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Id.StartsWith("MG1", StringComparison.Ordinal) || d.Id == "AD0001" || d.Severity == DiagnosticSeverity.Error)
            .ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("System.Numerics.Tensors", StringComparison.Ordinal))
            .Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
