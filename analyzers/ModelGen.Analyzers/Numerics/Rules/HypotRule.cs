using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1024 (MG-HYPOT): sqrt(x² + y²) computed in float or Half, where the squares overflow at 1.8e19 / 256.
/// Double is left alone: at ML magnitudes (pixels, unit vectors, clipped gradients) it cannot overflow (catalog §4.14).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HypotRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.Hypot;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Invocation);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var sqrt = (IInvocationOperation)context.Operation;
        if (!Ops.IsCall(sqrt, "Sqrt", out _) || sqrt.Arguments.Length != 1) return;
        IOperation arg = Ops.Strip(sqrt.Arguments[0].Value);
        FloatKind kind = Ops.KindOf(arg.Type);
        if (kind is not (FloatKind.Single or FloatKind.Half)) return;
        bool inline = Helpers.IsSumOfSquares(arg);
        if (!inline && !DenominatorTriage.IsSumOfSquaresValue(arg, context.Compilation)) return;
        if (Patterns.IsGuarded(arg, sqrt)) return;
        string type = kind == FloatKind.Single ? "float" : "global::System.Half";
        Rewrite? fix = null;
        var terms = new List<IOperation>();
        if (inline && Collect(arg, terms) && terms.Count <= 3 && SymbolEqualityComparer.Default.Equals(sqrt.Type, arg.Type))
        {
            string template = type + ".Hypot({0}, {1})";
            if (terms.Count == 3) template = type + ".Hypot(" + template + ", {2})";
            fix = new Rewrite("Use " + (kind == FloatKind.Single ? "float" : "Half") + ".Hypot", template);
            foreach (var t in terms) fix.With(t);
        }
        Report(context, sqrt, fix, kind == FloatKind.Single ? "float" : "Half", kind == FloatKind.Single ? "1.8e19" : "255.9", kind == FloatKind.Single ? "float" : "Half");
    }

    private static bool Collect(IOperation op, List<IOperation> terms)
    {
        op = Ops.Strip(op);
        if (op is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } b) return Collect(b.LeftOperand, terms) && Collect(b.RightOperand, terms);
        if (!Ops.IsSquare(op, out var x)) return false;
        terms.Add(x);
        return true;
    }
}
