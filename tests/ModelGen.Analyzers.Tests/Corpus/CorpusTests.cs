using Microsoft.CodeAnalysis;
using ModelGen.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ModelGen.Analyzers.Tests.Corpus;

/// <summary>
/// Line-level recall and false-positive rate on two small corpora written apart from the rule tests:
/// every line ending in "// unstable" should get an MG1xxx diagnostic, every "// fine" line none.
/// The thresholds are the issue's acceptance bar (recall ≥ 90%, false positives ≤ 5%).
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Unstable.cs.txt", "Fine.cs.txt")]
    [InlineData("Unstable2.cs.txt", "Fine2.cs.txt")]
    [InlineData("Unstable3.cs.txt", "Fine3.cs.txt")]
    public void RecallAndFalsePositiveRate(string unstableFile, string fineFile)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Corpus");
        string unstable = File.ReadAllText(Path.Combine(dir, unstableFile));
        string fine = File.ReadAllText(Path.Combine(dir, fineFile));
        var (hitUnstable, totalUnstable, missed) = Score(unstable, "// unstable");
        var (hitFine, totalFine, falsePositives) = Score(fine, "// fine");
        double recall = (double)hitUnstable / totalUnstable, fpRate = (double)hitFine / totalFine;
        output.WriteLine($"recall {hitUnstable}/{totalUnstable} = {recall:P1}; false positives {hitFine}/{totalFine} = {fpRate:P1}");
        foreach (var m in missed) output.WriteLine("missed: " + m);
        foreach (var f in falsePositives) output.WriteLine("false positive: " + f);
        Assert.True(recall >= 0.9, $"recall {recall:P1}; missed:\n{string.Join("\n", missed)}");
        Assert.True(fpRate <= 0.05, $"false positives {fpRate:P1}:\n{string.Join("\n", falsePositives)}");
    }

    private static (int Hit, int Total, List<string> Lines) Score(string source, string tag)
    {
        var compilation = TestCompilation.Create(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var flagged = TestCompilation.Analyze(compilation)
            .Where(d => d.Id.StartsWith("MG1", StringComparison.Ordinal) && d.Location.SourceTree?.FilePath == "Test0.cs")
            .Select(d => (Line: d.Location.GetLineSpan().StartLinePosition.Line, d.Id))
            .ToList();
        string[] lines = source.Split('\n');
        int hit = 0, total = 0;
        var report = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimEnd().EndsWith(tag, StringComparison.Ordinal)) continue;
            total++;
            var ids = flagged.Where(f => f.Line == i).Select(f => f.Id).Distinct().ToList();
            bool isHit = ids.Count > 0;
            if (isHit) hit++;
            if (isHit == (tag == "// fine") || !isHit && tag == "// unstable") report.Add($"{i + 1}: {lines[i].Trim()} [{string.Join(",", ids)}]");
        }
        return (hit, total, report);
    }
}
