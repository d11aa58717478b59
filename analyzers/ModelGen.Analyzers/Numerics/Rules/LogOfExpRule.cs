using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1025 (MG-LOG-OF-EXP): log(exp(x)), log(exp(a)/b), log(pdf(x)): the exp underflows before the log.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogOfExpRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.LogOfExp;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.LogOfExp) return;
        IOperation arg = Ops.Strip(log.Arguments[0].Value);
        Report(context, log, Fix(log, arg), arg.Syntax.ToString());
    }

    private static Rewrite? Fix(IInvocationOperation log, IOperation arg)
    {
        string? math = Rewrite.MathClass(log.Type);
        if (Ops.MathFunction(log, out _) != "Log" || math == null) return null;
        if (Ops.IsExp(arg, out var x))
            return new Rewrite("Remove log(exp(·))", Rewrite.CastTo(Ops.Strip(x), log.Type) + "{0}").With(Ops.Strip(x));
        if (arg is IBinaryOperation b)
        {
            string sign = b.OperatorKind == BinaryOperatorKind.Divide ? " - " : " + ";
            if (Ops.IsExp(b.LeftOperand, out var a))
                return new Rewrite("Compute in the log domain", "(" + Rewrite.CastTo(Ops.Strip(a), log.Type) + "{0}" + sign + math + ".Log({1}))").With(Ops.Strip(a)).With(Ops.Strip(b.RightOperand));
            if (b.OperatorKind == BinaryOperatorKind.Multiply && Ops.IsExp(b.RightOperand, out var a2))
                return new Rewrite("Compute in the log domain", "(" + Rewrite.CastTo(Ops.Strip(a2), log.Type) + "{0} + " + math + ".Log({1}))").With(Ops.Strip(a2)).With(Ops.Strip(b.LeftOperand));
        }
        return null;
    }
}
