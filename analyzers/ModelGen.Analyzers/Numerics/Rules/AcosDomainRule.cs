using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Analyzers.Numerics.Core;

namespace ModelGen.Analyzers.Numerics.Rules;

/// <summary>MG1027 (MG-ACOS-DOMAIN): Acos/Asin of a computed cosine (a ratio or a cos/similarity value) without a clamp.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AcosDomainRule : NumericRule
{
    private static readonly string[] CosineNames = { "cos", "cosine", "cossim", "similarity", "sim", "costheta", "cos_theta" };

    private protected override DiagnosticDescriptor Rule => NumericDescriptors.AcosDomain;

    private protected override ImmutableArray<OperationKind> Kinds => ImmutableArray.Create(OperationKind.Invocation);

    private protected override void Analyze(OperationAnalysisContext context)
    {
        var call = (IInvocationOperation)context.Operation;
        string? f = Ops.MathFunction(call, out _);
        if (f is not ("Acos" or "Asin") || call.Arguments.Length != 1) return;
        IOperation c = Ops.Strip(call.Arguments[0].Value);
        var sources = Patterns.Sources(c, context.Compilation);
        if (sources.Any(s => Ops.MathFunction(s, out _) is "Clamp" or "Min" or "Max") || Patterns.IsGuarded(c, call)) return;
        bool computed = sources.Any(s => s is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide })
            || Patterns.NameLooksLike(c, CosineNames)
            || (Ops.Strip(c) is IInvocationOperation inv && (inv.TargetMethod.Name.Contains("Cosine") || inv.TargetMethod.Name is "Dot"));
        if (!computed) return;
        FloatKind kind = Ops.KindOf(c.Type);
        Rewrite? fix = kind is FloatKind.Double or FloatKind.Single && Rewrite.Callee(call) != null
            ? new Rewrite("Clamp the cosine to [-1, 1]", "{0}(global::System.Math.Clamp({1}, " + Rewrite.Literal(c.Type, -1, -1) + ", " + Rewrite.Literal(c.Type, 1, 1) + "))")
                .With(Rewrite.Callee(call)!).With(c)
            : null;
        Report(context, call, fix, f);
    }
}
