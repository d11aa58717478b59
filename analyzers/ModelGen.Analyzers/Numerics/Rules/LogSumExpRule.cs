using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1011 (MG-LOGSUMEXP): log(Σ exp(xᵢ)) without a max shift, inline, accumulated in a loop, or through LINQ.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogSumExpRule : LogRule
{
    private protected override DiagnosticDescriptor Rule => NumericDescriptors.LogSumExp;

    private protected override void OnLog(OperationAnalysisContext context, IInvocationOperation log, LogTriage triage)
    {
        if (triage.Shape != LogShape.LogSumExp) return;
        Report(context, log, IsNaturalLog(log) && triage.Operand != null ? Fix(Ops.Strip(triage.Operand), log.Type) : null);
    }

    private static Rewrite? Fix(IOperation sum, ITypeSymbol? type)
    {
        // Loop form: s += Exp(v) ... Log(s) -> max shift, and Log(s) becomes max + Log(s).
        if (sum is ILocalReferenceOperation local) return LoopRewrites.MaxShift(local.Local, sum, logSumExp: true, "Subtract the max before Exp");
        string? keyword = Rewrite.TypeName(type);   // double, float, Half or a generic-math T (LogSumExp<T> is generic)
        if (keyword == null) return null;
        // Exp(a) + Exp(b) + Exp(c) -> LogSumExp(new T[] { a, b, c })
        if (sum is IBinaryOperation)
        {
            var exponents = new System.Collections.Generic.List<IOperation>();
            Collect(sum, exponents);
            var template = new StringBuilder(Rewrite.Stable + "LogSumExp<" + keyword + ">(new " + keyword + "[] { ");
            for (int i = 0; i < exponents.Count; i++) template.Append(i == 0 ? "" : ", ").Append(Rewrite.CastTo(exponents[i], type)).Append('{').Append(i).Append('}');
            template.Append(" })");
            var fix = new Rewrite("Use StableMath.LogSumExp", template.ToString());
            foreach (var e in exponents) fix.With(e);
            return fix;
        }
        // xs.Sum(Math.Exp) / xs.Select(Math.Exp).Sum() over an array of the same element type
        if (sum is IInvocationOperation { TargetMethod.Name: "Sum" } call)
        {
            IOperation? source = Patterns.Receiver(call);
            if (source != null && Ops.Strip(source) is IInvocationOperation { TargetMethod.Name: "Select" } select) source = Patterns.Receiver(select);
            if (source != null && Ops.Strip(source).Type is IArrayTypeSymbol array && SymbolEqualityComparer.Default.Equals(array.ElementType, type))
                return new Rewrite("Use StableMath.LogSumExp", Rewrite.Stable + "LogSumExp<" + keyword + ">({0})").With(Ops.Strip(source));
        }
        return null;
    }

    private static void Collect(IOperation op, System.Collections.Generic.List<IOperation> exponents)
    {
        op = Ops.Strip(op);
        if (op is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } b) { Collect(b.LeftOperand, exponents); Collect(b.RightOperand, exponents); }
        else if (Ops.IsExp(op, out var x)) exponents.Add(Ops.Strip(x));
    }
}
