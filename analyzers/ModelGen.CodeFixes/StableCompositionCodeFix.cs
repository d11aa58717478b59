using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes;

/// <summary>
/// MG0017: writes an unstable composition of a [Forward] or [Loss] method in the stable form the
/// generator already compiles, so the source says what runs: <c>Log(Softmax(x))</c> →
/// <c>LogSoftmax(x)</c>, <c>Log(Sigmoid(x))</c> → <c>-Softplus(-x)</c>, <c>Log(1 - Sigmoid(x))</c> →
/// <c>-Softplus(x)</c>, <c>Log(Sum(Exp(x)))</c> → <c>LogSumExp(x)</c>,
/// <c>CrossEntropy(Softmax(o), t)</c> → <c>SoftmaxCrossEntropy(o, t)</c>,
/// <c>BinaryCrossEntropy(Sigmoid(o), t)</c> → <c>BinaryCrossEntropyWithLogits(o, t)</c>. The
/// qualifier the user wrote (<c>Ops.</c> or none) is kept. Other MG0017 sites get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StableCompositionCodeFix)), Shared]
public sealed class StableCompositionCodeFix : CodeFixProvider
{
    /// <summary>The generator's ID for an unstable composition compiled in its stable form.</summary>
    public const string DiagnosticId = "MG0017";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node) return;
        var call = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (call is null || Rewrite(call) is not { } stable) return;
        context.RegisterCodeFix(
            CodeAction.Create($"Write it as {stable.Title}", _ =>
                Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(call, stable.Expression.WithTriviaFrom(call)))), DiagnosticId + stable.Title),
            context.Diagnostics);
    }

    private sealed class StableForm(string title, ExpressionSyntax expression)
    {
        public string Title { get; } = title;
        public ExpressionSyntax Expression { get; } = expression;
    }

    private static StableForm? Rewrite(InvocationExpressionSyntax call)
    {
        string? name = Name(call);
        var args = call.ArgumentList.Arguments;
        if (args.Count == 0) return null;
        ExpressionSyntax first = args[0].Expression;
        if (name == "Log" && args.Count == 1)
        {
            if (Called(first, "Softmax") is { } softmax)
                return new StableForm("LogSoftmax", Call(call, "LogSoftmax", softmax.ArgumentList));
            if (Called(first, "Sigmoid") is { } sigmoid && sigmoid.ArgumentList.Arguments.Count == 1)
                return new StableForm("-Softplus(-x)", Negate(Call(call, "Softplus", Arguments(Negate(sigmoid.ArgumentList.Arguments[0].Expression)))));
            if (Strip(first) is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.SubtractExpression } difference
                && IsOne(difference.Left) && Called(difference.Right, "Sigmoid") is { } complement && complement.ArgumentList.Arguments.Count == 1)
                return new StableForm("-Softplus(x)", Negate(Call(call, "Softplus", complement.ArgumentList)));
            if (Called(first, "Sum") is { } sum && sum.ArgumentList.Arguments.Count == 1 && Called(sum.ArgumentList.Arguments[0].Expression, "Exp") is { } exp)
                return new StableForm("LogSumExp", Call(call, "LogSumExp", exp.ArgumentList));
            return null;
        }
        if (name == "CrossEntropy" && Called(first, "Softmax") is { ArgumentList.Arguments.Count: 1 } probabilities)
            return new StableForm("SoftmaxCrossEntropy on the logits", Call(call, "SoftmaxCrossEntropy", call.ArgumentList.ReplaceNode(args[0], args[0].WithExpression(probabilities.ArgumentList.Arguments[0].Expression))));
        if (name == "BinaryCrossEntropy" && Called(first, "Sigmoid") is { ArgumentList.Arguments.Count: 1 } probability)
            return new StableForm("BinaryCrossEntropyWithLogits on the logits", Call(call, "BinaryCrossEntropyWithLogits", call.ArgumentList.ReplaceNode(args[0], args[0].WithExpression(probability.ArgumentList.Arguments[0].Expression))));
        return null;
    }

    private static string? Name(InvocationExpressionSyntax call) => call.Expression switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    private static InvocationExpressionSyntax? Called(ExpressionSyntax expression, string name) =>
        Strip(expression) is InvocationExpressionSyntax call && Name(call) == name ? call : null;

    private static ExpressionSyntax Strip(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax parenthesized ? Strip(parenthesized.Expression) : expression;

    private static bool IsOne(ExpressionSyntax expression) =>
        Strip(expression) is LiteralExpressionSyntax literal && literal.Token.Value is int and 1 or double and 1.0;

    /// <summary>A call of <paramref name="name"/> spelled like <paramref name="like"/> (with its qualifier, if any).</summary>
    private static InvocationExpressionSyntax Call(InvocationExpressionSyntax like, string name, ArgumentListSyntax arguments)
    {
        ExpressionSyntax callee = like.Expression is MemberAccessExpressionSyntax member
            ? member.WithName(SyntaxFactory.IdentifierName(name))
            : SyntaxFactory.IdentifierName(name);
        return SyntaxFactory.InvocationExpression(callee, arguments.WithoutTrivia());
    }

    private static ArgumentListSyntax Arguments(ExpressionSyntax expression) =>
        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression)));

    private static ExpressionSyntax Negate(ExpressionSyntax expression)
    {
        ExpressionSyntax operand = expression is IdentifierNameSyntax or InvocationExpressionSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax
            ? expression.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia());
        return SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, operand);
    }
}
