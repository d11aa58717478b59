using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>
/// MG1026 (MG-EXP-OVERFLOW): exp(a)/exp(b) and exp(a)·exp(b), which overflow although the result is
/// moderate, and an unclamped exp of a log-variance/log-rate (VAE, Poisson).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExpOverflowRule : NumericRule
{
    private static readonly string[] LogScaleNames = { "logvar", "log_var", "logvariance", "logsigma", "log_sigma", "logstd", "log_std", "lograte", "log_rate", "logscale", "log_scale" };

    private protected override DiagnosticDescriptor Rule => NumericDescriptors.ExpOverflow;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Binary, OperationKind.Invocation);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        if (context.Operation is IInvocationOperation call)
        {
            // Exp(logvar), Exp(0.5 * logvar): any read of a log-scale inside the exponent.
            if (!Ops.IsExp(call, out var x) || Patterns.IsGuarded(x, call)) return;
            IOperation? logScale = Ops.Strip(x).DescendantsAndSelf().FirstOrDefault(d => d is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation && Patterns.NameLooksLike(d, LogScaleNames));
            if (logScale == null || Patterns.IsGuarded(logScale, call)) return;
            if (Patterns.IsShiftedExponent(x, context.Compilation)) return;
            string? math = Rewrite.MathClass(call.Type);
            Rewrite? clamp = math != null && SymbolEqualityComparer.Default.Equals(Ops.Strip(x).Type, call.Type)
                ? new Rewrite("Clamp the log-scale to [-30, 20]", math + ".Exp(global::System.Math.Clamp({0}, " + Rewrite.Literal(call.Type, -30, -30) + ", " + Rewrite.Literal(call.Type, 20, 20) + "))").With(Ops.Strip(x))
                : null;
            Report(context, call, clamp, "exp of an unclamped log-scale", "clamp it (e.g. to [-30, 20]) or stay in the log domain");
            return;
        }
        var op = (IBinaryOperation)context.Operation;
        if (op.OperatorKind is not (BinaryOperatorKind.Divide or BinaryOperatorKind.Multiply)) return;
        if (!Ops.IsExp(op.LeftOperand, out var a) || !Ops.IsExp(op.RightOperand, out var b)) return;
        bool divide = op.OperatorKind == BinaryOperatorKind.Divide;
        string? m = Rewrite.MathClass(op.Type);
        Rewrite? fix = m != null
            ? new Rewrite(divide ? "Use Exp(a - b)" : "Use Exp(a + b)", m + ".Exp(" + Rewrite.CastTo(Ops.Strip(a), op.Type) + "{0}" + (divide ? " - " : " + ") + "{1})").With(Ops.Strip(a)).With(Ops.Strip(b))
            : null;
        Report(context, op, fix, divide ? "exp(a) / exp(b)" : "exp(a) * exp(b)", divide ? "use exp(a - b)" : "use exp(a + b)");
    }
}
