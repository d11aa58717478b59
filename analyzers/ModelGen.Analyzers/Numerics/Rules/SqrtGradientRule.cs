using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1019 (MG-SQRT-GRAD-ZERO): backward code dividing by sqrt(x) or a norm, ∞ at 0 and NaN after × 0.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqrtGradientRule : DivisionRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.SqrtGradientAtZero;

    private protected override void OnDivision(OperationAnalysisContext context, IOperation division, DenominatorShape shape, IOperation denominator, IOperation? inner)
    {
        if (shape != DenominatorShape.GradientOfSqrt) return;
        IOperation zeroTest = inner ?? denominator;
        // Subgradient 0 at the kink (PyTorch #2775): x == 0 ? 0 : g / sqrt(x).
        Rewrite? fix = division is IBinaryOperation && Ops.KindOf(division.Type) is FloatKind.Double or FloatKind.Single
            ? new Rewrite("Return the subgradient 0 at zero", "({1} == 0 ? 0 : {0})").With(division).With(zeroTest)
            : null;
        Report(context, division, fix, denominator.Syntax.ToString());
    }
}
