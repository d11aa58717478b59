using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using ModelGen.CodeFixes;

namespace ModelGen.Analyzers.Tests.Rules;

/// <summary>The code fix of the model rule MG0012 (the generator's analyzer reports it; here it is given).</summary>
public class ModelCodeFixTests
{
#pragma warning disable RS2008 // a stand-in for the generator's descriptor, not a shipped rule
    private static readonly DiagnosticDescriptor Mg0012 = new("MG0012", "t", "m", "ModelGen.Stability", DiagnosticSeverity.Warning, true);
#pragma warning restore RS2008

    [Theory]
    [InlineData("[Dense(1), Sigmoid] public partial Tensor P { get; }", "[Dense(1)] public partial Tensor P { get; }")]
    [InlineData("[Dense(1)][Sigmoid] public partial Tensor P { get; }", "[Dense(1)] public partial Tensor P { get; }")]
    [InlineData("[Sigmoid, Dense(1)] public partial Tensor P { get; }", "[Dense(1)] public partial Tensor P { get; }")]
    public void RemovesTheSigmoidAttribute(string before, string after)
    {
        string source = "class Net\n{\n    " + before + "\n}\n";
        string expected = "class Net\n{\n    " + after + "\n}\n";
        Assert.Equal(expected, ApplyFix(source));
    }

    private static string ApplyFix(string source)
    {
        using var workspace = new AdhocWorkspace();
        Document document = workspace.CurrentSolution
            .AddProject("Test", "Test", LanguageNames.CSharp)
            .AddDocument("Net.cs", SourceText.From(source));
        int start = source.IndexOf("Sigmoid", StringComparison.Ordinal);
        SyntaxTree tree = document.GetSyntaxTreeAsync().GetAwaiter().GetResult()!;
        Diagnostic diagnostic = Diagnostic.Create(Mg0012, Location.Create(tree, new TextSpan(start, "Sigmoid".Length)));
        var actions = new List<CodeAction>();
        var provider = new RemoveSigmoidBeforeLogitsLossCodeFix();
        provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None)).GetAwaiter().GetResult();
        CodeAction action = Assert.Single(actions);
        var changed = action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult().OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return changed.GetDocument(document.Id)!.GetTextAsync().GetAwaiter().GetResult().ToString();
    }
}
