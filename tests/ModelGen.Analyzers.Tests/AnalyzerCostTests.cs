using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelGen.Analyzers.Tests;

/// <summary>
/// Analyzer cost on the repository's own sources: the summed execution time of all MG1xxx analyzers
/// (Roslyn's own per-analyzer telemetry, as -p:ReportAnalyzer=true reports) against the compiler's
/// full semantic pass. Printed for the record; asserted only loosely so a slow CI machine does not flake.
/// </summary>
public class AnalyzerCostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnalyzersAreASmallShareOfCompileTime()
    {
        var compilation = RepositoryCompilation();
        var warm = compilation.GetDiagnostics();                       // warm the compiler (binding, JIT)
        _ = await compilation.Clone().WithAnalyzers(TestCompilation.AllAnalyzers).GetAnalyzerDiagnosticsAsync();   // and the analyzers
        var stopwatch = Stopwatch.StartNew();
        var fresh = compilation.Clone();
        _ = fresh.GetDiagnostics();
        stopwatch.Stop();
        var withAnalyzers = compilation.Clone().WithAnalyzers(TestCompilation.AllAnalyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        _ = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        TimeSpan total = TimeSpan.Zero;
        var rows = new List<(string, TimeSpan)>();
        foreach (var analyzer in TestCompilation.AllAnalyzers)
        {
            var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            total += info.ExecutionTime;
            rows.Add((analyzer.GetType().Name, info.ExecutionTime));
        }
        output.WriteLine($"{compilation.SyntaxTrees.Count()} files; compiler semantic pass {stopwatch.Elapsed.TotalMilliseconds:F0} ms; all MG1xxx analyzers {total.TotalMilliseconds:F0} ms ({total / stopwatch.Elapsed:P0})");
        foreach (var (name, time) in rows.OrderByDescending(r => r.Item2).Take(8)) output.WriteLine($"  {name}: {time.TotalMilliseconds:F1} ms");
        Assert.True(total < stopwatch.Elapsed * 3, "analyzers cost more than three compiler passes");
        _ = warm;
    }

    private static CSharpCompilation RepositoryCompilation()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ModelGen.sln"))) dir = dir.Parent;
        string sep = Path.DirectorySeparatorChar.ToString();
        var trees = new[] { "src", "analyzers", "samples", "tests" }
            .Select(d => Path.Combine(dir!.FullName, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains(sep + "obj" + sep) && !p.Contains(sep + "bin" + sep))
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), TestCompilation.ParseOptions, path: p));
        return CSharpCompilation.Create("Repository", trees, TestCompilation.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
    }
}
