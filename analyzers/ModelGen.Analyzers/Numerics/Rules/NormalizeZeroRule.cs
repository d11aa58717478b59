using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1010 (MG-NORMALIZE-ZERO): v / ‖v‖ and dot / (‖a‖·‖b‖) are 0/0 = NaN for a zero vector.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NormalizeZeroRule : DivisionRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.NormalizeZero;

    private protected override void OnDivision(OperationAnalysisContext context, IOperation division, DenominatorShape shape, IOperation denominator, IOperation? inner)
    {
        Rewrite? fix = null;
        if (shape == DenominatorShape.Norm)
        {
            if (MaxWithEpsilon(denominator, 1e-12) is string max) fix = new Rewrite("Guard with Math.Max(norm, eps)", max).With(denominator).At(denominator.Syntax);
        }
        else if (shape == DenominatorShape.NormProduct)
        {
            // PyTorch cosine_similarity: dot / (max(‖a‖, eps) · max(‖b‖, eps)) with eps = 1e-8.
            var product = (IBinaryOperation)denominator;
            IOperation a = Ops.Strip(product.LeftOperand), b = Ops.Strip(product.RightOperand);
            if (MaxWithEpsilon(a, 1e-8) is string ma && MaxWithEpsilon(b, 1e-8) is string mb)
                fix = new Rewrite("Guard each norm with Math.Max(norm, eps)", "(" + ma + " * " + mb.Replace("{0}", "{1}") + ")").With(a).With(b).At(denominator.Syntax);
        }
        else
        {
            return;
        }
        Report(context, division, fix, denominator.Syntax.ToString());
    }
}
