using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Generator.Analyzers;

/// <summary>
/// MG0015: training options that store activations in float16 without loss scaling. float16's
/// smallest subnormal is about 6e-8, and gradients of a mean loss over a batch are routinely below
/// it: they flush to zero and the model stops learning without any error. bfloat16 has float32's
/// range and needs no scaling, so only float16 is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MixedPrecisionAnalyzer : DiagnosticAnalyzer
{
    private const string PrecisionProperty = "Precision", LossScalingProperty = "LossScaling", Float16Member = "Float16";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.Float16WithoutLossScaling);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? options = start.Compilation.GetTypeByMetadataName("ModelGen.TrainingOptions");
            INamedTypeSymbol? precision = start.Compilation.GetTypeByMetadataName("ModelGen.StoragePrecision");
            if (options is null || precision?.GetMembers(Float16Member).FirstOrDefault() is not IFieldSymbol { HasConstantValue: true } float16) return;
            object float16Value = float16.ConstantValue!;
            start.RegisterOperationAction(operation =>
            {
                var creation = (IObjectCreationOperation)operation.Operation;
                if (SymbolEqualityComparer.Default.Equals(creation.Type, options)) Analyze(operation, creation.Initializer, float16Value);
            }, OperationKind.ObjectCreation);
            start.RegisterOperationAction(operation =>
            {
                var with = (IWithOperation)operation.Operation;
                if (SymbolEqualityComparer.Default.Equals(with.Type, options)) Analyze(operation, with.Initializer, float16Value);
            }, OperationKind.With);
        });
    }

    /// <summary>Reports the Precision = Float16 assignment of an initializer that sets no non-null LossScaling.</summary>
    private static void Analyze(OperationAnalysisContext context, IObjectOrCollectionInitializerOperation? initializer, object float16Value)
    {
        if (initializer is null) return;
        ISimpleAssignmentOperation? float16 = null;
        bool scaled = false;
        foreach (IOperation member in initializer.Initializers)
        {
            if (member is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment) continue;
            if (property.Property.Name == PrecisionProperty && Equals(assignment.Value.ConstantValue is { HasValue: true } c ? c.Value : null, float16Value))
                float16 = assignment;
            // Anything but a constant null (a variable, a factory call, LossScaling.Dynamic) counts as scaling.
            if (property.Property.Name == LossScalingProperty && !IsNullConstant(assignment.Value))
                scaled = true;
        }
        if (float16 is not null && !scaled)
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.Float16WithoutLossScaling, float16.Syntax.GetLocation()));
    }

    private static bool IsNullConstant(IOperation value)
    {
        while (value is IConversionOperation conversion) value = conversion.Operand;
        return value.ConstantValue is { HasValue: true, Value: null };
    }
}
