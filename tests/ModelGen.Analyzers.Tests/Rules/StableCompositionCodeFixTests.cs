using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using ModelGen.CodeFixes;

namespace ModelGen.Analyzers.Tests.Rules;

/// <summary>The MG0017 fix writes each unstable composition of a forward or loss method in its stable form.</summary>
public class StableCompositionCodeFixTests
{
#pragma warning disable RS2008 // a stand-in for the generator's descriptor, not a shipped rule
    private static readonly DiagnosticDescriptor Mg0017 = new("MG0017", "t", "m", "ModelGen.Stability", DiagnosticSeverity.Info, true);
#pragma warning restore RS2008

    [Theory]
    [InlineData("Log(Softmax(z, 2.0))", "LogSoftmax(z, 2.0)")]
    [InlineData("Ops.Log(Ops.Softmax(z))", "Ops.LogSoftmax(z)")]
    [InlineData("Log(Sigmoid(z))", "-Softplus(-z)")]
    [InlineData("Log(Sigmoid(a + b))", "-Softplus(-(a + b))")]
    [InlineData("Log(1 - Sigmoid(z))", "-Softplus(z)")]
    [InlineData("Log(1.0 - Sigmoid(Head(h)))", "-Softplus(Head(h))")]
    [InlineData("Log(Sum(Exp(z)))", "LogSumExp(z)")]
    [InlineData("CrossEntropy(Softmax(output), target)", "SoftmaxCrossEntropy(output, target)")]
    [InlineData("CrossEntropy(Softmax(output), target, labelSmoothing: 0.1)", "SoftmaxCrossEntropy(output, target, labelSmoothing: 0.1)")]
    [InlineData("BinaryCrossEntropy(Sigmoid(output), target)", "BinaryCrossEntropyWithLogits(output, target)")]
    public void RewritesToTheStableForm(string before, string after)
    {
        string Wrap(string expression) => "class Net\n{\n    Tensor F() => " + expression + ";\n}\n";
        Assert.Equal(Wrap(after), ApplyFix(Wrap(before), before));
    }

    [Theory]
    [InlineData("CrossEntropy(Softmax(output, 2.0), target)")] // a temperature has no logits-form spelling in the loss vocabulary
    [InlineData("Softmax(Head(h))")]
    public void OffersNoFixWhereTheSourceCannotSayIt(string expression)
    {
        string source = "class Net\n{\n    Tensor F() => " + expression + ";\n}\n";
        Assert.Null(ApplyFix(source, expression));
    }

    private static string? ApplyFix(string source, string marked)
    {
        using var workspace = new AdhocWorkspace();
        Document document = workspace.CurrentSolution.AddProject("Test", "Test", LanguageNames.CSharp).AddDocument("Net.cs", SourceText.From(source));
        SyntaxTree tree = document.GetSyntaxTreeAsync().GetAwaiter().GetResult()!;
        var span = new TextSpan(source.IndexOf(marked, StringComparison.Ordinal), marked.Length);
        Diagnostic diagnostic = Diagnostic.Create(Mg0017, Location.Create(tree, span));
        var actions = new List<CodeAction>();
        new StableCompositionCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None)).GetAwaiter().GetResult();
        if (actions.Count == 0) return null;
        var changed = Assert.Single(actions).GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult().OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return changed.GetDocument(document.Id)!.GetTextAsync().GetAwaiter().GetResult().ToString();
    }
}
