using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>
/// Statement-level rewrites of loop forms, decided only when a diagnostic is reported (never on the
/// analysis path of code that is fine). Each returns null unless the shape is one it can rewrite with
/// the same meaning; the rules then report without a fix.
/// </summary>
internal static class LoopRewrites
{
    /// <summary>
    /// The max shift for exponentials of a sequence summed in a loop (softmax, MG1002; log-sum-exp, MG1011):
    /// <code>
    /// double max = double.NegativeInfinity;
    /// for (int i = 0; i &lt; n; i++) max = Math.Max(max, x[i]);   // the header of the user's first loop
    /// ... Math.Exp(x[i] - max) ...                                  // every loop Exp over x
    /// </code>
    /// and, for log-sum-exp, <c>Math.Log(s)</c> becomes <c>max + Math.Log(s)</c>. The sum <paramref name="sum"/> must start
    /// at 0, grow only by += in one loop, and be read only as a divisor (softmax) or as the argument of a natural log.
    /// Every loop Exp over x in the method is shifted, so ratios keep their value (the shift cancels) and nothing else
    /// reads the shifted values through the sum.
    /// </summary>
    public static Rewrite? MaxShift(ILocalSymbol sum, IOperation inBody, bool logSumExp, string title, IOperation? numerator = null)
    {
        IOperation root = Ops.Root(inBody);
        IOperation? sumLoop = null;
        foreach (LocalWrite w in LocalWrites.For(inBody).Of(sum))
        {
            if (w.Kind is WriteKind.Initializer or WriteKind.Assign && !w.InLoop && Ops.IsConstant(w.Value, 0)) continue;
            if (w.Kind != WriteKind.AddAssign || w.Loop == null || (sumLoop != null && sumLoop != w.Loop)) return null;
            sumLoop = w.Loop;
        }
        if (sumLoop == null) return null;

        var exps = new List<(IInvocationOperation Call, IOperation Exponent, ISymbol? Source, IOperation? Loop)>();
        foreach (IOperation op in root.Descendants())
        {
            if (op is IInvocationOperation call && Ops.IsExp(call, out IOperation x))
            {
                x = Ops.Strip(x);
                exps.Add((call, x, SequenceRead(x, out IOperation? loop), loop));
            }
        }
        // The exps summed in the sum's loop name the sequence; any other exp there (already shifted, a local) defeats the rewrite.
        ISymbol? source = null;
        foreach (var e in exps.Where(e => Inside(e.Call, sumLoop)))
        {
            // x[idx[i]] or x[j] with j from outside: not one pass over the sequence.
            if (e.Source == null || e.Loop == null || (source != null && !SymbolEqualityComparer.Default.Equals(source, e.Source))) return null;
            source = e.Source;
        }
        if (source == null) return null;
        // Loop exps over the sequence, and the softmax numerator Exp(x[k]) (outside the loops); it must be one of them,
        // or the shift would not cancel. Other exps of single elements outside loops are not part of the softmax.
        IInvocationOperation? top = numerator != null && Ops.Strip(numerator) is IInvocationOperation n && Ops.IsExp(n) ? n : null;
        var shifted = exps.Where(e => SymbolEqualityComparer.Default.Equals(e.Source, source) && (e.Loop != null || e.Call == top)).ToList();
        if (top != null && !shifted.Any(e => e.Call == top)) return null;

        // Reads of the sum: divisors only (softmax), or the argument of natural logs (log-sum-exp).
        var logs = new List<IInvocationOperation>();
        foreach (IOperation op in root.Descendants())
        {
            if (op is not ILocalReferenceOperation r || !SymbolEqualityComparer.Default.Equals(r.Local, sum) || IsWriteTarget(r)) continue;
            IOperation? consumer = Ops.Consumer(r);
            if (logSumExp)
            {
                if (consumer is IArgumentOperation { Parent: IInvocationOperation log } && log.Arguments.Length == 1 && Ops.MathFunction(log, out _) == "Log") logs.Add(log);
                else return null;
            }
            else if (!(consumer is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } div && Ops.Strip(div.RightOperand) == r)
                     && !(consumer is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide } ca && Ops.Strip(ca.Value) == r))
                return null;
        }

        // The max loop goes before the first loop that computes one of the exps, in the same block as all of them.
        var first = shifted.Where(e => e.Loop != null).OrderBy(e => e.Loop!.Syntax.SpanStart).FirstOrDefault();
        if (first.Loop == null || first.Loop.Syntax.Parent is not BlockSyntax block || shifted.Any(e => !block.Span.Contains(e.Call.Syntax.Span) || e.Call.Syntax.SpanStart < first.Loop.Syntax.SpanStart)
            || logs.Any(l => !block.Span.Contains(l.Syntax.Span) || l.Syntax.SpanStart < first.Loop.Syntax.SpanStart)) return null;
        string? header = Header(first.Loop.Syntax);
        ITypeSymbol? type = first.Call.Type;
        string? typeName = Rewrite.TypeName(type), functions = Rewrite.FunctionsOf(type);
        if (header == null || typeName == null || functions == null) return null;

        string name = FreeName(root.Syntax, "max", "max" + Capitalized(source.Name));
        SourceText text = first.Loop.Syntax.SyntaxTree.GetText();
        TextLine line = text.Lines.GetLineFromPosition(first.Loop.Syntax.SpanStart);
        string indent = text.ToString(TextSpan.FromBounds(line.Start, first.Loop.Syntax.SpanStart));
        string newline = line.EndIncludingLineBreak > line.End ? text.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak)) : "\n";
        if (indent.Trim().Length != 0) { indent = ""; newline = " "; }   // the loop shares its line with other code: stay on one line

        var edits = new List<(TextSpan, string)>
        {
            (new TextSpan(first.Loop.Syntax.SpanStart, 0),
                typeName + " " + name + " = " + typeName + ".NegativeInfinity;" + newline + indent
                + header + " " + name + " = " + functions + ".Max(" + name + ", " + first.Exponent.Syntax + ");" + newline + indent),
        };
        foreach (var e in shifted) edits.Add((e.Exponent.Syntax.Span, e.Exponent.Syntax + " - " + name));
        foreach (var log in logs)
        {
            bool parenthesize = log.Syntax.Parent is ExpressionSyntax and not ParenthesizedExpressionSyntax;
            edits.Add((log.Syntax.Span, (parenthesize ? "(" : "") + name + " + " + log.Syntax + (parenthesize ? ")" : "")));
        }
        return Rewrite.Edits(title, edits);
    }

    /// <summary>
    /// The log of a product built in a loop (MG1018) as a sum of logs: <c>double p = 1; ... p *= q[i]; ... Math.Log(p)</c>
    /// becomes <c>double logP = 0; ... logP += Math.Log(q[i]); ... logP</c>. The product must start at 1 outside the loop
    /// and be read only by that log.
    /// </summary>
    public static Rewrite? SumOfLogs(ILocalSymbol product, IInvocationOperation log)
    {
        IOperation root = Ops.Root(log);
        string? zero = Ops.KindOf(product.Type) switch
        {
            FloatKind.Double => "0.0",
            FloatKind.Single => "0f",
            FloatKind.Half => "global::System.Half.Zero",
            _ => Rewrite.HasStableOverload(product.Type) ? product.Type.Name + ".Zero" : null,
        };
        var callee = Rewrite.Callee(log);
        if (zero == null || callee == null || !SymbolEqualityComparer.Default.Equals(product.Type, log.Type)) return null;
        string name = FreeName(root.Syntax, "log" + Capitalized(product.Name));
        if (name != "log" + Capitalized(product.Name)) name = product.Name;   // keep the user's name rather than invent a worse one

        var edits = new List<(TextSpan, string)>();
        bool seeded = false;
        foreach (IOperation op in root.Descendants())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation d when SymbolEqualityComparer.Default.Equals(d.Symbol, product):
                    if (d.Initializer == null || !Ops.IsConstant(d.Initializer.Value, 1) || LocalWrites.EnclosingLoop(d) != null) return null;
                    var declarator = (VariableDeclaratorSyntax)d.Syntax;
                    edits.Add((declarator.Identifier.Span, name));
                    edits.Add((d.Initializer.Value.Syntax.Span, zero));
                    seeded = true;
                    break;
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Multiply } m when LocalWrites.Symbol(m.Target) is ILocalSymbol l && SymbolEqualityComparer.Default.Equals(l, product):
                    if (LocalWrites.EnclosingLoop(m) == null) return null;
                    edits.Add((m.Syntax.Span, name + " += " + callee + "(" + m.Value.Syntax + ")"));
                    break;
                case ILocalReferenceOperation r when SymbolEqualityComparer.Default.Equals(r.Local, product):
                    if (r.Parent is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Multiply } c && c.Target == r) break;
                    if (Ops.Consumer(r) is IArgumentOperation { Parent: IInvocationOperation call } && call == log) break;
                    return null;   // any other read or write (p = ..., returning p) keeps the product's meaning
            }
        }
        if (!seeded) return null;
        edits.Add((log.Syntax.Span, name));
        return Rewrite.Edits("Sum the logs instead of multiplying", edits);
    }

    /// <summary>
    /// A float or Half accumulator widened to double (MG1016): the declaration's type changes, Half values added to
    /// it are converted, and every read that needs the old type converts back, so the surrounding code keeps its types.
    /// </summary>
    public static Rewrite? WidenAccumulator(ILocalSymbol local, IOperation inBody)
    {
        FloatKind kind = Ops.KindOf(local.Type);
        // Half widens to double too: a float accumulator would still be reported (and float is enough only up to 2^24 terms).
        string wide = kind is FloatKind.Single or FloatKind.Half ? "double" : "";
        string narrow = kind == FloatKind.Single ? "float" : "global::System.Half";
        if (wide.Length == 0 || local.DeclaringSyntaxReferences.Length != 1) return null;
        if (local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration }
            || declaration.Variables.Count != 1 || declaration.Parent is not LocalDeclarationStatementSyntax) return null;
        var edits = new List<(TextSpan, string)> { (declaration.Type.Span, wide) };
        foreach (IOperation op in Ops.Root(inBody).Descendants())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation { Initializer: { } init } d when SymbolEqualityComparer.Default.Equals(d.Symbol, local):
                    if (kind == FloatKind.Half) edits.Add((init.Value.Syntax.Span, "(double)(" + init.Value.Syntax + ")"));
                    break;
                case ILocalReferenceOperation r when SymbolEqualityComparer.Default.Equals(r.Local, local):
                    if (r.Parent is IAssignmentOperation a && a.Target == r)
                    {
                        if (a is ICompoundAssignmentOperation { OperatorKind: not (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide) }) return null;
                        if (kind == FloatKind.Half) edits.Add((a.Value.Syntax.Span, "(double)(" + Ops.Strip(a.Value).Syntax + ")"));
                        break;
                    }
                    if (r.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None } or IIncrementOrDecrementOperation) return null;
                    if (r.Syntax.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } or RefExpressionSyntax) return null;
                    // A read that already widened (sum used as double) takes the wider sum directly; any other converts back.
                    if (r.Parent is IConversionOperation { IsImplicit: true } conv && Ops.KindOf(conv.Type) is FloatKind.Double || kind == FloatKind.Half && r.Parent is IConversionOperation { Type.SpecialType: SpecialType.System_Single or SpecialType.System_Double }) break;
                    edits.Add((r.Syntax.Span, "(" + narrow + ")" + r.Syntax));
                    break;
            }
        }
        return Rewrite.Edits("Accumulate in " + wide, edits);
    }

    /// <summary>
    /// x[..] (with <paramref name="loop"/> the for loop whose control variable indexes it, if any), or v the iteration
    /// variable of foreach (v in x): x's symbol.
    /// </summary>
    private static ISymbol? SequenceRead(IOperation x, out IOperation? loop)
    {
        loop = null;
        if (x is ILocalReferenceOperation v)
        {
            for (IOperation? p = x.Parent; p != null; p = p.Parent)
            {
                if (p is IForEachLoopOperation each && each.Locals.Contains(v.Local, SymbolEqualityComparer.Default))
                {
                    loop = each;
                    return LocalWrites.Symbol(each.Collection) ?? LocalWrites.FieldOf(each.Collection);
                }
                if (p is IAnonymousFunctionOperation or ILocalFunctionOperation) return null;
            }
            return null;
        }
        IOperation? index = x switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } a => a.Indices[0],
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } p => p.Arguments[0].Value,
            _ => null,
        };
        if (index == null) return null;
        // x[k] outside the loops (the numerator of a softmax probability) reads the sequence too.
        for (IOperation? p = x.Parent; p != null; p = p.Parent)
        {
            if (p is IForLoopOperation f && Ops.Strip(index) is ILocalReferenceOperation i && f.Locals.Contains(i.Local, SymbolEqualityComparer.Default))
            {
                loop = f;
                break;
            }
            if (p is IAnonymousFunctionOperation or ILocalFunctionOperation) return null;
        }
        return LocalWrites.ElementOwner(x);
    }

    /// <summary>"for (int i = 0; i &lt; n; i++)" or "foreach (var v in x)": the loop's text up to its body.</summary>
    private static string? Header(SyntaxNode loop) => loop switch
    {
        ForStatementSyntax f => loop.SyntaxTree.GetText().ToString(TextSpan.FromBounds(f.ForKeyword.SpanStart, f.CloseParenToken.Span.End)),
        ForEachStatementSyntax e => loop.SyntaxTree.GetText().ToString(TextSpan.FromBounds(e.ForEachKeyword.SpanStart, e.CloseParenToken.Span.End)),
        _ => null,
    };

    private static bool Inside(IOperation op, IOperation ancestor)
    {
        for (IOperation? p = op.Parent; p != null; p = p.Parent) if (p == ancestor) return true;
        return false;
    }

    private static bool IsWriteTarget(IOperation r) => r.Parent is IAssignmentOperation a && a.Target == r;

    private static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary>The first candidate no identifier in the method spells, else the first candidate with a number.</summary>
    private static string FreeName(SyntaxNode body, params string[] candidates)
    {
        var used = new HashSet<string>(body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        foreach (string c in candidates) if (!used.Contains(c)) return c;
        for (int k = 1; ; k++) if (!used.Contains(candidates[0] + k)) return candidates[0] + k;
    }
}
