using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Generator.Analyzers;

/// <summary>
/// MG0014: a constant learning rate far outside the range an optimizer is used with. Adaptive
/// optimizers normalize the step by the gradient's scale, so their useful rates are small; plain SGD
/// steps scale with the gradient and tolerate larger ones.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OptimizerSettingsAnalyzer : DiagnosticAnalyzer
{
    private sealed record UsualRange(double Low, double High, string Start);

    private static readonly UsualRange Adaptive = new(1e-6, 0.1, "1e-3");
    private static readonly UsualRange AdaGradRange = new(1e-5, 1, "0.01");
    private static readonly UsualRange Gradient = new(1e-5, 10, "0.01 to 0.1");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.LearningRateOutOfRange);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? optimizer = start.Compilation.GetTypeByMetadataName("ModelGen.Optimizer");
            if (optimizer is null) return;
            start.RegisterOperationAction(operation => Analyze(operation, optimizer), OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol optimizer)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol type || !DerivesFrom(type, optimizer)) return;
        UsualRange range = type.Name switch
        {
            "Adam" or "AdamW" or "RmsProp" => Adaptive,
            "AdaGrad" => AdaGradRange,
            _ => Gradient,
        };
        foreach (IArgumentOperation argument in creation.Arguments)
        {
            if (argument.Parameter?.Name != "learningRate" || argument.ArgumentKind == ArgumentKind.DefaultValue) continue;
            if (argument.Value.ConstantValue is not { HasValue: true, Value: var value }) continue;
            double rate = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            // Zero is a deliberate "no update" (probing, frozen runs), not a mistake in scale.
            // The slack absorbs float literals: 0.1f is 0.100000001490116.
            if (rate == 0 || (rate >= range.Low * (1 - 1e-6) && rate <= range.High * (1 + 1e-6))) continue;
            string effect = rate > range.High ? "the first steps overshoot and the loss diverges to NaN" : "the weights barely move and training stalls";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LearningRateOutOfRange, argument.Value.Syntax.GetLocation(),
                rate.ToString("G", CultureInfo.InvariantCulture), range.Low.ToString("G", CultureInfo.InvariantCulture),
                range.High.ToString("G", CultureInfo.InvariantCulture), type.Name, effect, range.Start));
        }
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
        }
        return false;
    }
}
