using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>
/// Looks into user code outside the method being analyzed: bodies of helper methods (a user
/// <c>Softmax</c> or <c>Log1p</c>) and the values stored into a field of the same type. Each answer is
/// computed once per compilation and cached, so a call site costs one dictionary lookup.
/// </summary>
internal sealed class SourceCode
{
    private static readonly ConditionalWeakTable<Compilation, SourceCode> Cache = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IFieldSymbol, ImmutableArray<IOperation>> _fieldWrites = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _naive = new(SymbolEqualityComparer.Default);

    private SourceCode(Compilation compilation) => _compilation = compilation;

    public static SourceCode For(Compilation compilation) => Cache.GetValue(compilation, c => new SourceCode(c));

    /// <summary>The operation tree of a source method's body (block or expression body), or null for metadata methods.</summary>
    public IOperation? Body(IMethodSymbol method) => _bodies.GetOrAdd(method.OriginalDefinition, m =>
    {
        if (m.DeclaringSyntaxReferences.Length != 1) return null;
        SyntaxNode node = m.DeclaringSyntaxReferences[0].GetSyntax();
        SyntaxNode? body = node switch
        {
            BaseMethodDeclarationSyntax b => (SyntaxNode?)b.Body ?? b.ExpressionBody?.Expression,
            LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody?.Expression,
            _ => null,
        };
        if (body == null || !_compilation.ContainsSyntaxTree(body.SyntaxTree)) return null;
#pragma warning disable RS1030 // The callee lives in another tree; its model is needed once per compilation and cached here.
        return _compilation.GetSemanticModel(body.SyntaxTree).GetOperation(body);
#pragma warning restore RS1030
    });

    /// <summary>All values assigned to a field anywhere in its containing type (initializer included).</summary>
    public ImmutableArray<IOperation> FieldWrites(IFieldSymbol field) => _fieldWrites.GetOrAdd(field.OriginalDefinition, f =>
    {
        var result = ImmutableArray.CreateBuilder<IOperation>();
        foreach (SyntaxReference typeRef in f.ContainingType.DeclaringSyntaxReferences)
        {
            SyntaxNode typeSyntax = typeRef.GetSyntax();
            if (!_compilation.ContainsSyntaxTree(typeSyntax.SyntaxTree)) continue;
#pragma warning disable RS1030 // Field writes live in other members' trees; computed once per field and cached.
            SemanticModel model = _compilation.GetSemanticModel(typeSyntax.SyntaxTree);
#pragma warning restore RS1030
            foreach (var assignment in typeSyntax.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                string name = assignment.Left is ElementAccessExpressionSyntax e ? Tail(e.Expression) : Tail(assignment.Left);
                if (name != f.Name) continue;
                if (model.GetOperation(assignment) is IAssignmentOperation op) result.Add(op.Value);
            }
            foreach (var declarator in typeSyntax.DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                if (declarator.Identifier.ValueText == f.Name && declarator.Initializer != null
                    && model.GetOperation(declarator.Initializer.Value) is IOperation init) result.Add(init);
            }
        }
        return result.ToImmutable();
    });

    /// <summary>
    /// Whether a user helper with a stable-sounding name (Log1p, Expm1, Softplus, LogSumExp, Hypot, Softmax...)
    /// has a naive body: the body itself matches the naive pattern the name promises to avoid.
    /// </summary>
    public bool IsNaiveHelper(IMethodSymbol method) => _naive.GetOrAdd(method.OriginalDefinition, m =>
    {
        IOperation? body = Body(m);
        if (body == null) return false;
        HelperKind kind = Helpers.KindOf(m.Name);
        if (kind == HelperKind.None) return false;
        foreach (IOperation op in body.DescendantsAndSelf())
        {
            if (Helpers.ShowsNaiveForm(kind, op)) return true;
        }
        return false;
    });

    private static string Tail(ExpressionSyntax e) => e switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        MemberAccessExpressionSyntax ma => ma.Name.Identifier.ValueText,
        _ => "",
    };
}
