using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator.Check;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Parse;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator;

/// <summary>
/// The incremental generator. Parsing yields an equatable <see cref="ModelSpec"/>; validation and
/// compilation run only when that spec changes. Diagnostics are the analyzer's job: here an invalid
/// model yields only stubs of its partial properties.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    public static class TrackingNames
    {
        public const string Spec = "ModelSpec";
        public const string Validation = "Validation";
        public const string Source = "Source";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider.ForAttributeWithMetadataName(
                KnownNames.ModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, token) => ModelParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation, locations: null, token))
            .WithTrackingName(TrackingNames.Spec);

        var validated = specs
            .Select(static (spec, _) => (Spec: spec, Result: ModelValidator.Validate(spec)))
            .WithTrackingName(TrackingNames.Validation);

        // The kernels use pointers; without unsafe code the analyzer reports MG0011 and only stubs are emitted.
        var allowUnsafe = context.CompilationProvider.Select(static (c, _) => c.Options is Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions { AllowUnsafe: true });

        var sources = validated
            .Combine(allowUnsafe)
            .Select(static (item, token) => GeneratedFile.Create(item.Left.Spec, item.Left.Result, item.Right, token))
            .WithTrackingName(TrackingNames.Source);

        context.RegisterSourceOutput(sources, static (ctx, file) =>
        {
            if (file.Text is not null) ctx.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8));
        });
    }
}

/// <summary>One generated file (or none), as values so the output step caches too.</summary>
internal sealed record GeneratedFile(string HintName, string? Text)
{
    public static GeneratedFile Create(ModelSpec spec, ValidationResult result, bool allowUnsafe, System.Threading.CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        if (!allowUnsafe)
            result = result with { Definition = null, Issues = Common.EquatableArray.ToEquatableArray(result.Issues.Append(ModelIssue.Create(DiagnosticIds.UnsafeCodeNotAllowed, -1))) };
        if (result.Definition is null) return new GeneratedFile(spec.Type.HintName, StubEmitter.Emit(spec, result));
        try
        {
            return new GeneratedFile(spec.Type.HintName, ModelCompiler.Compile(result.Definition));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The generator must never crash the build; the analyzer reports MG9999 for the same model.
            return new GeneratedFile(spec.Type.HintName, StubEmitter.Emit(spec, result with { Issues = Common.EquatableArray.ToEquatableArray(new[] { ModelIssue.Create("MG9999", -1, e.Message) }) }));
        }
    }
}
