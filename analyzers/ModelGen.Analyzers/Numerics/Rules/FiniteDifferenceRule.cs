using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1020 (MG-FINITE-DIFF): (f(x + h) - f(x)) / h or (f(x + h) - f(x - h)) / (2h) with a constant h far
/// below the optimum √ε (forward) or ∛ε (central) of the element type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FiniteDifferenceRule : NumericRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.FiniteDifferenceStep;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var div = (IBinaryOperation)context.Operation;
        if (div.OperatorKind != BinaryOperatorKind.Divide) return;
        if (!Ops.IsBinary(div.LeftOperand, BinaryOperatorKind.Subtract, out var fa, out var fb)) return;
        if (!IsFunctionValue(fa) || !IsFunctionValue(fb)) return;
        IOperation h = Ops.Strip(div.RightOperand);
        bool central = false;
        if (Ops.IsBinary(h, BinaryOperatorKind.Multiply, out var l, out var r) && (Ops.IsConstant(l, 2) || Ops.IsConstant(r, 2)))
        {
            h = Ops.Strip(Ops.IsConstant(l, 2) ? r : l);
            central = true;
        }
        IOperation definition = Patterns.Sources(h, context.Compilation).Length == 1 ? Patterns.Sources(h, context.Compilation)[0] : h;
        if (Ops.Constant(definition) is not double step || step <= 0) return;
        FloatKind kind = Ops.KindOf(div.Type);
        double limit = kind == FloatKind.Single ? (central ? 1e-3 : 1e-4) : (central ? 1e-9 : 1e-10);
        if (kind is not (FloatKind.Double or FloatKind.Single) || step >= limit) return;
        string best = kind == FloatKind.Single ? (central ? "4.9215667E-03f" : "3.4526698E-04f") : (central ? "6.0554544523933395E-06" : "1.4901161193847656E-08");
        var fix = new Rewrite("Use the optimal step for " + (kind == FloatKind.Single ? "float" : "double"), best).At(definition.Syntax);
        Report(context, div, fix, step.ToString("G3", CultureInfo.InvariantCulture), (kind == FloatKind.Single ? "float " : "double ") + (central ? "central" : "forward") + " differences", best);
    }

    // f(x + h) or f(x): an invocation (method or delegate).
    private static bool IsFunctionValue(IOperation op) => Ops.Strip(op) is IInvocationOperation or IDynamicInvocationOperation;
}
