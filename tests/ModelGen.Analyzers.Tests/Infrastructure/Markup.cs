using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// Diagnostic markup: <c>{|MG1014:Math.Log(1 + x)|}</c> expects MG1014 exactly on that text. <see cref="Verify"/>
/// requires exactly the marked MG1xxx diagnostics, no compiler error and no analyzer exception (AD0001).
/// </summary>
internal static partial class Markup
{
    [GeneratedRegex(@"\{\|(?<id>[A-Z]+[0-9]+):(?<text>.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex Marker();

    public static (string Source, List<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        var expected = new List<(string, TextSpan)>();
        var source = new StringBuilder();
        int last = 0;
        foreach (Match match in Marker().Matches(markup))
        {
            source.Append(markup, last, match.Index - last);
            int start = source.Length;
            source.Append(match.Groups["text"].Value);
            expected.Add((match.Groups["id"].Value, new TextSpan(start, match.Groups["text"].Length)));
            last = match.Index + match.Length;
        }
        source.Append(markup, last, markup.Length - last);
        return (source.ToString(), expected);
    }

    /// <summary>Wraps a class body's members in a class with the usual usings.</summary>
    public static string InClass(string members) => "using System;\nusing System.Linq;\nusing System.Numerics;\nusing System.Collections.Generic;\n\npublic static class C\n{\n" + members + "\n}\n";

    public static void Verify(string markup)
    {
        var (source, expected) = Parse(markup);
        var actual = TestCompilation.Analyze(TestCompilation.Create(source))
            .Where(d => d.Id == "AD0001" || d.Severity == DiagnosticSeverity.Error || d.Location.SourceTree?.FilePath == "Test0.cs")
            .Select(d => (d.Id, d.Location.SourceSpan, Message: d.GetMessage()))
            .ToList();
        var actualPairs = actual.Select(a => (a.Id, a.SourceSpan)).OrderBy(a => a.SourceSpan.Start).ThenBy(a => a.Id).ToList();
        var expectedPairs = expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id).ToList();
        Assert.True(expectedPairs.SequenceEqual(actualPairs),
            $"Expected:\n{string.Join("\n", expectedPairs.Select(e => $"{e.Id} at {e.Span} '{Slice(source, e.Span)}'"))}\nActual:\n{string.Join("\n", actual.Select(a => $"{a.Id} at {a.SourceSpan} '{Slice(source, a.SourceSpan)}': {a.Message}"))}");
    }

    private static string Slice(string source, TextSpan span) => span.End <= source.Length ? source.Substring(span.Start, span.Length) : "?";
}
