using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

/// <summary>
/// The only stage that touches Roslyn symbols: turns a [Model] class into a <see cref="ModelSpec"/>
/// of plain values. The analyzer passes a location list to map findings back to source; the
/// generator passes none, so its model stays free of Roslyn objects and compares by value.
/// </summary>
internal static class ModelParser
{
    public static ModelSpec Parse(INamedTypeSymbol type, Compilation compilation, List<Location>? locations, CancellationToken cancellationToken)
    {
        var members = new List<(ISymbol Symbol, Location Where)>();
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !HasLayerAttribute(member)) continue;
            Location? where = member.Locations.FirstOrDefault(l => l.IsInSource);
            if (where is null) continue;
            members.Add((member, where));
        }
        cancellationToken.ThrowIfCancellationRequested();

        // Declaration order is the layer order; across partial files, order by file path then position.
        members.Sort((x, y) =>
        {
            int byFile = string.CompareOrdinal(x.Where.SourceTree?.FilePath, y.Where.SourceTree?.FilePath);
            return byFile != 0 ? byFile : x.Where.SourceSpan.Start.CompareTo(y.Where.SourceSpan.Start);
        });

        var specs = members.Select(m => ParseMember(m.Symbol, m.Where, locations)).ToEquatableArray();
        var forwards = ForwardParser.ParseAll(type, KnownNames.ForwardAttribute, compilation, locations, cancellationToken);
        var lossMethods = ForwardParser.ParseAll(type, KnownNames.LossAttribute, compilation, locations, cancellationToken);
        return new ModelSpec(ParseType(type, locations), specs) { Forwards = forwards, LossMethods = lossMethods };
    }

    public static bool HasLayerAttribute(ISymbol member) =>
        member.GetAttributes().Any(a => a.AttributeClass is { } c && KnownNames.LayerAttributes.ContainsKey(c.ToDisplayString()));

    private static TypeSpec ParseType(INamedTypeSymbol type, List<Location>? locations)
    {
        var containing = new List<string>();
        bool containingPartial = true;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, $"partial {Keyword(outer)} {outer.Name}");
            containingPartial &= IsPartial(outer);
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        string metadataName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
        string hint = new string(metadataName.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_').ToArray()) + ".ModelGen.g.cs";

        return new TypeSpec(
            ns,
            type.Name,
            containing.ToEquatableArray(),
            IsPartial(type),
            type.IsGenericType,
            type.IsStatic,
            type.IsRecord,
            containingPartial,
            type.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared && !IsGenerated(c)),
            hint,
            Track(locations, type.Locations.FirstOrDefault(l => l.IsInSource)));
    }

    private static MemberSpec ParseMember(ISymbol member, Location where, List<Location>? locations)
    {
        string typeName = "";
        MemberShape shape = MemberShape.NotAProperty;
        bool isPartial = false, hasSetter = false;
        if (member is IPropertySymbol property)
        {
            typeName = property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            shape = ClassifyProperty(property);
            isPartial = property.IsPartialDefinition || property.PartialDefinitionPart is not null;
            hasSetter = property.SetMethod is not null;
        }
        else if (member is IFieldSymbol field)
        {
            typeName = field.Type.ToDisplayString();
        }

        var attributes = new List<AttributeSpec>();
        foreach (AttributeData attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is not { } cls || !KnownNames.LayerAttributes.TryGetValue(cls.ToDisplayString(), out AttributeKind kind))
                continue;
            var args = attribute.ConstructorArguments.Select(ToDouble).ToEquatableArray();
            int initializer = 0;
            var named = new List<NamedArgument>();
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Init") initializer = (int)ToDouble(argument.Value);
                else named.Add(new NamedArgument(argument.Key, ToDouble(argument.Value)));
            }
            Location? attributeWhere = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();
            attributes.Add(new AttributeSpec(kind, args, initializer, Track(locations, attributeWhere ?? where)) { Named = named.ToEquatableArray() });
        }

        return new MemberSpec(
            member.Name,
            shape,
            typeName,
            isPartial,
            member.IsStatic,
            hasSetter,
            SyntaxFacts(member.DeclaredAccessibility),
            attributes.ToEquatableArray(),
            Track(locations, where));
    }

    private static MemberShape ClassifyProperty(IPropertySymbol property)
    {
        if (property.IsStatic) return MemberShape.Static;
        if (property.SetMethod is not null) return MemberShape.HasSetter;
        string type = property.Type.ToDisplayString();
        bool isPartial = property.IsPartialDefinition || property.PartialDefinitionPart is not null;
        if (!isPartial) return MemberShape.NotPartial;
        return type switch
        {
            KnownNames.Tensor => MemberShape.PartialTensorProperty,
            KnownNames.Loss => MemberShape.PartialLossProperty,
            KnownNames.Layer => MemberShape.PartialLayerProperty,
            _ => MemberShape.WrongType,
        };
    }

    private static double ToDouble(TypedConstant constant) => constant.Value switch
    {
        int i => i,
        double d => d,
        float f => f,
        long l => l,
        bool b => b ? 1 : 0,
        _ => double.NaN,
    };

    internal static int Track(List<Location>? locations, Location? location)
    {
        if (locations is null || location is null) return -1;
        locations.Add(location);
        return locations.Count - 1;
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax t &&
            t.Modifiers.Any(m => m.Text == "partial"));

    private static bool IsGenerated(ISymbol symbol) =>
        symbol.Locations.All(l => l.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) ?? true);

    private static string Keyword(INamedTypeSymbol type) => type.IsRecord
        ? (type.TypeKind == TypeKind.Struct ? "record struct" : "record")
        : type.TypeKind == TypeKind.Struct ? "struct" : "class";

    private static string SyntaxFacts(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
