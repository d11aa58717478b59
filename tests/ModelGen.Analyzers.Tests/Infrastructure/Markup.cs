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
    /// <summary>Strips the markers (which may nest: <c>{|MG1001:Log({|MG1022:Softmax(z)|}[k])|}</c>) and returns the expected spans.</summary>
    public static (string Source, List<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        var source = new StringBuilder();
        for (int i = 0; i < markup.Length; i++)
        {
            Match start = i + 1 < markup.Length && markup[i] == '{' && markup[i + 1] == '|' ? OpenMarker().Match(markup, i) : Match.Empty;
            if (start.Success && start.Index == i)
            {
                open.Push((start.Groups["id"].Value, source.Length));
                i += start.Length - 1;
            }
            else if (open.Count > 0 && markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}')
            {
                var (id, begin) = open.Pop();
                expected.Add((id, new TextSpan(begin, source.Length - begin)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }
        return (source.ToString(), expected);
    }

    [GeneratedRegex(@"\{\|(?<id>MG[0-9]+):")]
    private static partial Regex OpenMarker();

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
