using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>
/// The stable rewrite a diagnostic offers, carried to the code fix in the diagnostic's properties:
/// a C# template over the source text of some operands ({0}, {1}...), written by the rule that knows
/// the identity. The fixer only substitutes text, so every rewrite is decided (and tested) here.
/// </summary>
internal sealed class Rewrite
{
    public const string TemplateKey = "MG.Template";
    public const string TitleKey = "MG.Title";
    public const string ArgKeyPrefix = "MG.Arg";
    public const string TargetKey = "MG.Target";
    public const string Stable = "global::ModelGen.StableMath.";
    public const string EditCountKey = "MG.EditCount";
    public const string EditKeyPrefix = "MG.Edit";

    private readonly ImmutableDictionary<string, string?>.Builder _properties = ImmutableDictionary.CreateBuilder<string, string?>();
    private int _args;

    public Rewrite(string title, string template)
    {
        _properties[TitleKey] = title;
        _properties[TemplateKey] = template;
    }

    private Rewrite(string title)
    {
        _properties[TitleKey] = title;
    }

    /// <summary>
    /// A statement-level rewrite: replacement texts at spans of the analyzed document, applied together
    /// (e.g. declare a max before a loop and subtract it inside every Exp). Each edit is "start:length:text".
    /// </summary>
    public static Rewrite Edits(string title, IEnumerable<(TextSpan Span, string Text)> edits)
    {
        var rewrite = new Rewrite(title);
        int n = 0;
        foreach (var (span, text) in edits)
        {
            rewrite._properties[EditKeyPrefix + n.ToString(CultureInfo.InvariantCulture)] =
                span.Start.ToString(CultureInfo.InvariantCulture) + ":" + span.Length.ToString(CultureInfo.InvariantCulture) + ":" + text;
            n++;
        }
        rewrite._properties[EditCountKey] = n.ToString(CultureInfo.InvariantCulture);
        return rewrite;
    }

    /// <summary>Replaces this node instead of the diagnostic's node (e.g. the literal that defines a step size).</summary>
    public Rewrite At(SyntaxNode target)
    {
        _properties[TargetKey] = target.Span.Start.ToString(CultureInfo.InvariantCulture) + ":" + target.Span.Length.ToString(CultureInfo.InvariantCulture);
        return this;
    }

    /// <summary>Adds an operand whose source text replaces the next placeholder.</summary>
    public Rewrite With(IOperation operand) => With(operand.Syntax);

    public Rewrite With(SyntaxNode operand)
    {
        _properties[ArgKeyPrefix + _args.ToString(CultureInfo.InvariantCulture)] =
            operand.Span.Start.ToString(CultureInfo.InvariantCulture) + ":" + operand.Span.Length.ToString(CultureInfo.InvariantCulture);
        _args++;
        return this;
    }

    public ImmutableDictionary<string, string?> Properties => _properties.ToImmutable();

    /// <summary>"(double)" when the operand's type differs from the type the rewritten expression must keep.</summary>
    public static string CastTo(IOperation operand, ITypeSymbol? target)
    {
        string? keyword = Ops.TypeKeyword(target);
        if (keyword == null || SymbolEqualityComparer.Default.Equals(operand.Type, target)) return "";
        return "(" + keyword + ")";
    }

    /// <summary>A typed literal such as 1e-12, 1e-12f or (Half)0.001 for the element type.</summary>
    public static string Literal(ITypeSymbol? type, double value, double halfValue)
    {
        return Ops.KindOf(type) switch
        {
            FloatKind.Single => value.ToString("R", CultureInfo.InvariantCulture) + "f",
            FloatKind.Half => "(global::System.Half)" + halfValue.ToString("R", CultureInfo.InvariantCulture) + "f",
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The callee expression of a call (Math.Log in Math.Log(x)), to keep the user's spelling in a rewrite; null for implicit calls.</summary>
    public static SyntaxNode? Callee(IOperation call) =>
        (call.Syntax as Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax)?.Expression;

    /// <summary>
    /// Whether StableMath has a scalar overload for the type: double, float, Half, and a generic-math type
    /// parameter (StableMath's generic overloads, where T : IFloatingPointIeee754&lt;T&gt;, keep T).
    /// </summary>
    public static bool HasStableOverload(ITypeSymbol? type) => MathClass(type) != null
        || type is ITypeParameterSymbol parameter && System.Linq.Enumerable.Any(parameter.ConstraintTypes, c => IsIeee754(c) || System.Linq.Enumerable.Any(c.AllInterfaces, IsIeee754));

    private static bool IsIeee754(ITypeSymbol t) => t.Name == "IFloatingPointIeee754" && t.ContainingNamespace?.ToDisplayString() == "System.Numerics";

    /// <summary>Where a function of the element type lives: Math, MathF, Half, or the generic-math type parameter itself (T.Max).</summary>
    public static string? FunctionsOf(ITypeSymbol? type) => MathClass(type) ?? (HasStableOverload(type) ? type!.Name : null);

    /// <summary>Source spelling of the element type: double, float, global::System.Half, or T.</summary>
    public static string? TypeName(ITypeSymbol? type) => Ops.TypeKeyword(type) ?? (HasStableOverload(type) ? type!.Name : null);

    /// <summary>The math class whose functions take the element type: Math, MathF, or the type itself for Half.</summary>
    public static string? MathClass(ITypeSymbol? type) => Ops.KindOf(type) switch
    {
        FloatKind.Double => "global::System.Math",
        FloatKind.Single => "global::System.MathF",
        FloatKind.Half => "global::System.Half",
        _ => null,
    };
}
