using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>
/// Diagnostic markup in test sources: <c>{|MG0001:text|}</c> expects diagnostic MG0001 exactly on
/// <c>text</c>. <see cref="Verify"/> builds the source (generator + analyzer) and requires exactly
/// the marked diagnostics, and no other warning or error.
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

    public static void Verify(string markup)
    {
        var (source, expected) = Parse(markup);
        var actual = TestCompilation.Build(source)
            .Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == "Model0.cs" || d.Severity == DiagnosticSeverity.Error)
            .Select(d => (d.Id, d.Location.SourceSpan, Message: d.GetMessage()))
            .ToList();
        string Describe(IEnumerable<(string Id, TextSpan Span)> items) =>
            string.Join("\n", items.Select(i => $"{i.Id} at {i.Span} '{Slice(source, i.Span)}'"));
        var actualPairs = actual.Select(a => (a.Id, a.SourceSpan)).OrderBy(a => a.SourceSpan.Start).ThenBy(a => a.Id).ToList();
        var expectedPairs = expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id).ToList();
        Assert.True(expectedPairs.SequenceEqual(actualPairs),
            $"Expected:\n{Describe(expectedPairs)}\nActual:\n{string.Join("\n", actual.Select(a => $"{a.Id} at {a.SourceSpan} '{Slice(source, a.SourceSpan)}': {a.Message}"))}");
    }

    private static string Slice(string source, TextSpan span) =>
        span.End <= source.Length ? source.Substring(span.Start, span.Length) : "?";
}
