using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelGen.Analyzers.Tests;

/// <summary>
/// Runs every analyzer over a directory of outside C# (set MODELGEN_EXTERNAL_CORPUS), e.g. public ML code
/// kept out of the repository: no analyzer may throw, and the findings are printed for reading.
/// Without the variable the test checks nothing.
/// </summary>
public class ExternalCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NoAnalyzerExceptionOnExternalCode()
    {
        string? dir = Environment.GetEnvironmentVariable("MODELGEN_EXTERNAL_CORPUS");
        if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir)) return;
        var trees = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), TestCompilation.ParseOptions, path: p)).ToList();
        var compilation = CSharpCompilation.Create("External", trees, TestCompilation.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var exceptions = new List<string>();
        var diagnostics = await compilation.WithAnalyzers(TestCompilation.AllAnalyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (e, a, _) => exceptions.Add($"{a}: {e}"), concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        foreach (var d in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start))
        {
            var line = d.Location.GetLineSpan();
            output.WriteLine($"{Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1} {d.Id} '{d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}'");
        }
        Assert.Empty(exceptions);
    }
}
