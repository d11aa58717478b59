using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1005 (MG-DIV-NOEPS): x / std, x / Sqrt(var) without an epsilon (constant features, batch of one).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DivideWithoutEpsilonRule : DivisionRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.DivideWithoutEpsilon;

    private protected override void OnDivision(OperationAnalysisContext context, IOperation division, DenominatorShape shape, IOperation denominator, IOperation? inner)
    {
        Rewrite? fix = null;
        if (shape == DenominatorShape.SqrtOfVariance)
        {
            // eps inside the square root, as PyTorch's LayerNorm/RMSNorm (1e-5).
            if (Ops.KindOf(inner!.Type) is FloatKind.Double or FloatKind.Single && Rewrite.Callee(denominator) is SyntaxNode callee)
                fix = new Rewrite("Add epsilon inside the square root", "{0}({1} + " + Rewrite.Literal(inner.Type, 1e-5, 1e-3) + ")").With(callee).With(inner).At(denominator.Syntax);
        }
        else if (shape == DenominatorShape.StdDev && MaxWithEpsilon(denominator, 1e-12) is string max)
        {
            fix = new Rewrite("Guard with Math.Max(std, eps)", max).With(denominator).At(denominator.Syntax);
        }
        else if (shape != DenominatorShape.StdDev)
        {
            return;
        }
        Report(context, division, fix, denominator.Syntax.ToString());
    }
}
