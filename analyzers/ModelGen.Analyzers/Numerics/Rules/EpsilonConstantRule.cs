using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1021 (MG-EPS-CONST): double.Epsilon/float.Epsilon used as a guard (they are the smallest
/// subnormals, not machine ε), 1 - c that rounds back to 1 in its type (float clamps), and
/// constants that become 0 in Half ((Half)1e-8).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EpsilonConstantRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.EpsilonConstant;

    private protected override ImmutableArray<OperationKind> Kinds =>
        ImmutableArray.Create(OperationKind.FieldReference, OperationKind.PropertyReference, OperationKind.Binary, OperationKind.Conversion);

    /// <summary>
    /// Used as a guard or tolerance: in arithmetic or a comparison, as an argument of a math function
    /// (Max, Clamp, Log...), or stored into something named like a tolerance. A test listing special
    /// values (new[] { double.Epsilon, 0 }) is not a guard.
    /// </summary>
    private static bool UsedAsTolerance(IOperation epsilon)
    {
        IOperation? consumer = Ops.Consumer(epsilon);
        if (consumer is IBinaryOperation or ICompoundAssignmentOperation) return true;
        if (consumer is IArgumentOperation { Parent: IInvocationOperation call }) return Ops.IsMathType(call.TargetMethod.ContainingType);
        string? name = consumer switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation d } => d.Symbol.Name,
            ISimpleAssignmentOperation a => (Ops.Strip(a.Target) as ILocalReferenceOperation)?.Local.Name ?? (Ops.Strip(a.Target) as IFieldReferenceOperation)?.Field.Name,
            IFieldInitializerOperation fi => fi.InitializedFields.Length > 0 ? fi.InitializedFields[0].Name : null,
            _ => null,
        };
        if (name == null) return false;
        string n = name.ToLowerInvariant();
        return n.Contains("eps") || n.Contains("tol") || n.Contains("threshold") || n == "h" || n.Contains("step") || n.Contains("delta") || n.Contains("min");
    }

    private protected override void Analyze(OperationAnalysisContext context)
    {
        switch (context.Operation)
        {
            case IFieldReferenceOperation { Field.Name: "Epsilon" } f when f.Field.ContainingType.SpecialType is SpecialType.System_Double or SpecialType.System_Single:
            {
                if (!UsedAsTolerance(f)) return;
                bool isDouble = f.Field.ContainingType.SpecialType == SpecialType.System_Double;
                string name = isDouble ? "double.Epsilon" : "float.Epsilon";
                Report(context, f, new Rewrite("Use a real tolerance", isDouble ? "1e-12" : "1e-7f"),
                    name + " is the smallest subnormal (" + (isDouble ? "4.9e-324" : "1.4e-45") + "), not machine epsilon: 1/(0 + it) is ∞ and Log of it is " + (isDouble ? "-744" : "-103") + "; use " + (isDouble ? "1e-12 (or 2.22e-16 for ε)" : "1e-7f"));
                return;
            }
            case IPropertyReferenceOperation { Property.Name: "Epsilon" } p when p.Property.ContainingType.Name == "Half" && p.Property.IsStatic && UsedAsTolerance(p):
                Report(context, p, new Rewrite("Use a real tolerance", "(global::System.Half)1e-3f"),
                    "Half.Epsilon is the smallest subnormal (6e-8), not machine epsilon (9.8e-4): use (Half)1e-3");
                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } sub when sub.ConstantValue.HasValue && Ops.IsOne(sub.LeftOperand):
            {
                // 1f - 1e-8f folds to exactly 1f: a clamp's upper bound that does nothing.
                double c = Ops.Constant(sub.RightOperand) ?? 0;
                FloatKind kind = Ops.KindOf(sub.Type);
                if (c <= 0 || kind is not (FloatKind.Double or FloatKind.Single) || !Ops.IsOne(sub)) return;
                string replacement = kind == FloatKind.Single ? "1e-7f" : "1e-15";
                Report(context, sub, new Rewrite("Use an epsilon that survives 1 - eps", "1 - " + replacement).At(sub.Syntax),
                    $"1 - {sub.RightOperand.Syntax} rounds to exactly 1 in {(kind == FloatKind.Single ? "float" : "double")}, so the bound does nothing (log(1 - p) = -∞): use 1 - {replacement}");
                return;
            }
            case IConversionOperation conv when Ops.KindOf(conv.Type) == FloatKind.Half && conv.Operand.ConstantValue.HasValue:
            {
                double? c = Ops.Constant(conv.Operand);
                if (c is not double v || v == 0 || Math.Abs(v) >= 2.98e-8) return;
                Report(context, conv, new Rewrite("Use an epsilon Half can represent", "(global::System.Half)1e-4f"),
                    $"{conv.Operand.Syntax} is 0 in Half (smallest subnormal 6e-8), so eps-guarded divisions become 0/0: use at least 1e-4 or compute in float");
                return;
            }
        }
    }
}
