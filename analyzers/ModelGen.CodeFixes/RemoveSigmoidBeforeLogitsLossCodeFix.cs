using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes;

/// <summary>
/// MG0012: removes the [Sigmoid] that precedes a loss on logits, so the source says what the
/// generator computes (the loss on the pre-sigmoid values, in its stable form).
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(RemoveSigmoidBeforeLogitsLossCodeFix)), Shared]
public sealed class RemoveSigmoidBeforeLogitsLossCodeFix : CodeFixProvider
{
    /// <summary>The generator's ID for a sigmoid before a loss on logits.</summary>
    public const string DiagnosticId = "MG0012";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute) return;
        context.RegisterCodeFix(
            CodeAction.Create("Remove [Sigmoid]: the loss works on logits", token => RemoveAsync(context.Document, attribute, token), DiagnosticId),
            context.Diagnostics);
    }

    private static async Task<Document> RemoveAsync(Document document, AttributeSyntax attribute, CancellationToken token)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(token).ConfigureAwait(false))!;
        var list = (AttributeListSyntax)attribute.Parent!;
        SyntaxNode updated = list.Attributes.Count == 1
            ? root.RemoveNode(list, SyntaxRemoveOptions.KeepExteriorTrivia)!
            : root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        return document.WithSyntaxRoot(updated);
    }
}
