using System;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.CodeFixes;

/// <summary>
/// One fixer for every MG1xxx rule: the analyzer decides the stable identity and sends it as a template
/// over operand spans (<see cref="Rewrite"/>); this provider substitutes the operands' text, parenthesizes
/// them where needed, and lets the simplifier shorten <c>global::ModelGen.StableMath</c> when a
/// <c>using ModelGen;</c> is present. FixAll uses the batch fixer (document, project, solution).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StableRewriteCodeFix)), Shared]
public sealed class StableRewriteCodeFix : CodeFixProvider
{
    private static readonly Regex Placeholder = new(@"\{(\d+)\}", RegexOptions.Compiled);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.CreateRange(
        typeof(NumericIds).GetFields().Select(f => (string)f.GetRawConstantValue()!));

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            bool edits = diagnostic.Properties.ContainsKey(Rewrite.EditCountKey);
            if (!edits && (!diagnostic.Properties.TryGetValue(Rewrite.TemplateKey, out string? template) || template == null)) continue;
            string title = diagnostic.Properties.TryGetValue(Rewrite.TitleKey, out string? t) && t != null ? t : "Use the stable form";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => edits ? ApplyEditsAsync(context.Document, diagnostic, ct) : ApplyAsync(context.Document, diagnostic, ct), equivalenceKey: diagnostic.Id + ":" + title),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root == null) return document;
        TextSpan targetSpan = diagnostic.Properties.TryGetValue(Rewrite.TargetKey, out string? target) && target != null
            ? ParseSpan(target) : diagnostic.Location.SourceSpan;
        SyntaxNode? node = root.FindNode(targetSpan);
        if (node is not ExpressionSyntax && node is not ArgumentSyntax) return document;
        if (node is ArgumentSyntax arg) node = arg.Expression;

        string template = diagnostic.Properties[Rewrite.TemplateKey]!;
        string code = Placeholder.Replace(template, m =>
        {
            string key = Rewrite.ArgKeyPrefix + m.Groups[1].Value;
            SyntaxNode operand = root.FindNode(ParseSpan(diagnostic.Properties[key]!));
            if (operand is ArgumentSyntax a) operand = a.Expression;
            string operandText = operand.WithoutTrivia().ToFullString();
            return NeedsParentheses(operand) && !IsDelimited(template, m.Index, m.Length) ? "(" + operandText + ")" : operandText;
        });
        // With `using ModelGen;` in the file, write StableMath.X as the user would.
        if (root is CompilationUnitSyntax unit && HasUsingModelGen(unit)) code = code.Replace(Rewrite.Stable, "StableMath.");
        ExpressionSyntax replacement = SyntaxFactory.ParseExpression(code);
        if (NeedsParentheses(replacement) && node.Parent is ExpressionSyntax and not ParenthesizedExpressionSyntax && node.Parent is not ArgumentSyntax)
            replacement = SyntaxFactory.ParenthesizedExpression(replacement);
        replacement = replacement.WithTriviaFrom(node).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        // Reduce global::ModelGen.StableMath to StableMath where a using allows it, and drop parentheses the
        // operands no longer need; done here because not every host runs CodeAction's cleanup.
        Document changed = document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, optionSet: null, cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, options: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Statement-level rewrites (loop forms): the rule's replacement texts are applied together as text changes;
    /// then global::-qualified names inside the changed text are simplified as in <see cref="ApplyAsync"/>.
    /// </summary>
    private static async Task<Document> ApplyEditsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        bool usingModelGen = root is CompilationUnitSyntax unit && HasUsingModelGen(unit);
        int count = int.Parse(diagnostic.Properties[Rewrite.EditCountKey]!, CultureInfo.InvariantCulture);
        var changes = new TextChange[count];
        for (int i = 0; i < count; i++)
        {
            string value = diagnostic.Properties[Rewrite.EditKeyPrefix + i.ToString(CultureInfo.InvariantCulture)]!;
            int first = value.IndexOf(':'), second = value.IndexOf(':', first + 1);
            string replacement = value.Substring(second + 1);
            if (usingModelGen) replacement = replacement.Replace(Rewrite.Stable, "StableMath.");
            changes[i] = new TextChange(ParseSpan(value.Substring(0, second)), replacement);
        }
        Array.Sort(changes, (a, b) => a.Span.Start.CompareTo(b.Span.Start));
        // Where each replacement lands in the new text.
        var landed = new TextSpan[count];
        int shift = 0;
        for (int i = 0; i < count; i++)
        {
            landed[i] = new TextSpan(changes[i].Span.Start + shift, changes[i].NewText!.Length);
            shift += changes[i].NewText!.Length - changes[i].Span.Length;
        }
        Document changed = document.WithText(text.WithChanges(changes));
        SyntaxNode newRoot = (await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var qualified = newRoot.DescendantNodes().OfType<AliasQualifiedNameSyntax>()
            .Where(n => landed.Any(s => s.Contains(n.Span)))
            .Select(n => (SyntaxNode)(n.Parent is MemberAccessExpressionSyntax or QualifiedNameSyntax ? n.Parent : n)).Distinct().ToList();
        if (qualified.Count == 0) return changed;
        changed = changed.WithSyntaxRoot(newRoot.ReplaceNodes(qualified, (_, n) => n.WithAdditionalAnnotations(Simplifier.Annotation)));
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, optionSet: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A placeholder that is a whole argument or array element (between "(" or "," and ")" or ",") needs no parentheses.</summary>
    private static bool IsDelimited(string template, int index, int length)
    {
        string before = template.Substring(0, index).TrimEnd();
        string after = template.Substring(index + length).TrimStart();
        bool open = before.EndsWith("(", StringComparison.Ordinal) && !before.EndsWith(")(", StringComparison.Ordinal) || before.EndsWith(",", StringComparison.Ordinal) || before.EndsWith("{", StringComparison.Ordinal);
        bool close = after.StartsWith(")", StringComparison.Ordinal) || after.StartsWith(",", StringComparison.Ordinal) || after.StartsWith("}", StringComparison.Ordinal);
        return open && close;
    }

    private static bool HasUsingModelGen(CompilationUnitSyntax unit) =>
        unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias == null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == "ModelGen");

    /// <summary>Operands spliced into a call or an operator keep their meaning only if they are primary expressions.</summary>
    private static bool NeedsParentheses(SyntaxNode node) => node is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
        or ElementAccessExpressionSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or GenericNameSyntax or ThisExpressionSyntax
        or PredefinedTypeSyntax or ObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax);

    private static TextSpan ParseSpan(string value)
    {
        int colon = value.IndexOf(':');
        return new TextSpan(int.Parse(value.Substring(0, colon), CultureInfo.InvariantCulture), int.Parse(value.Substring(colon + 1), CultureInfo.InvariantCulture));
    }
}
