using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generator.Check;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Analyzers;

/// <summary>
/// Reports the MG model diagnostics at their exact attribute or member, live in the IDE. It runs the
/// same parser and validator as the generator, so what it accepts is exactly what the generator compiles.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? modelAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.ModelAttribute);
            if (modelAttribute is null) return;
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, modelAttribute), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol modelAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        bool isModel = type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, modelAttribute));
        if (!isModel)
        {
            ReportLayersOutsideModel(context, type);
            return;
        }

        if (context.Compilation.Options is Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions { AllowUnsafe: false })
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsafeCodeNotAllowed, type.Locations.FirstOrDefault(), type.Name));

        var locations = new List<Location>();
        ModelSpec spec = ModelParser.Parse(type, context.Compilation, locations, context.CancellationToken);
        ValidationResult result = ModelValidator.Validate(spec);
        foreach (ModelIssue issue in result.Issues)
        {
            Location location = issue.Location >= 0 ? locations[issue.Location] : type.Locations.FirstOrDefault() ?? Location.None;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.For(issue.Id), location, issue.Arguments.ToArray<object>()));
        }

        if (result.Definition is { } definition)
        {
            try
            {
                var plan = ModelCompiler.PlanModel(definition);
                foreach (string layer in plan.IneffectiveCheckpoints)
                {
                    int index = definition.Layers.Select((l, i) => (l, i)).First(p => p.l.Name == layer).i;
                    int where = index < definition.LayerLocations.Count ? definition.LayerLocations[index] : -1;
                    Location location = where >= 0 ? locations[where] : type.Locations.FirstOrDefault() ?? Location.None;
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.IneffectiveCheckpoint, location, layer));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, type.Locations.FirstOrDefault(), type.Name, e.Message));
            }
        }
    }

    private static void ReportLayersOutsideModel(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !ModelParser.HasLayerAttribute(member)) continue;
            Location? location = member.Locations.FirstOrDefault(l => l.IsInSource);
            if (location is null) continue;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LayerOutsideModel, location, member.Name, type.Name));
        }
    }
}
