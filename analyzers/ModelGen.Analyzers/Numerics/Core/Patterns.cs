using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

/// <summary>
/// Recognizers for the values the catalog talks about: "an unshifted exp", "a sum of exps",
/// "a sigmoid probability", "a softmax probability". Each follows simple local data flow
/// (<see cref="LocalWrites"/>), LINQ pipelines, user helpers and fields of the same type.
/// </summary>
internal static class Patterns
{
    private const int MaxDepth = 4;

    /// <summary>
    /// The values a read may hold: for a local written only by plain assignments, those values
    /// (recursively); for a field, the values stored into it in its type; otherwise the read itself.
    /// </summary>
    public static IOperation[] Sources(IOperation op, Compilation? compilation, int depth = 0)
    {
        op = Ops.Strip(op);
        if (depth >= MaxDepth) return new[] { op };
        if (LocalWrites.Symbol(op) is ILocalSymbol local)
        {
            var writes = LocalWrites.For(op).Of(local);
            if (writes.Length > 0 && writes.All(w => w.Kind is WriteKind.Initializer or WriteKind.Assign))
                return writes.SelectMany(w => Sources(w.Value, compilation, depth + 1)).ToArray();
        }
        // A parameter overwritten at the top of the method before this read (p = Math.Clamp(p, eps, 1 - eps);).
        if (LocalWrites.Symbol(op) is IParameterSymbol parameter)
        {
            var writes = LocalWrites.For(op).Of(parameter);
            if (writes.Length == 1 && writes[0].Kind == WriteKind.Assign && !writes[0].InLoop
                && writes[0].Value.Parent is ISimpleAssignmentOperation { Parent: IExpressionStatementOperation { Parent: IBlockOperation { Parent: IMethodBodyOperation or ILocalFunctionOperation or IAnonymousFunctionOperation } } } assign
                && assign.Syntax.SpanStart < op.Syntax.SpanStart)
                return Sources(writes[0].Value, compilation, depth + 1);
        }
        if (compilation != null && LocalWrites.FieldOf(op) is IFieldSymbol field && !field.IsConst)
        {
            var writes = SourceCode.For(compilation).FieldWrites(field);
            if (writes.Length > 0) return writes.SelectMany(w => Sources(w, compilation, depth + 1)).ToArray();
        }
        return new[] { op };
    }

    /// <summary>
    /// The logit is clamped (Clamp/Min/Max with constants) inside the range where σ does not round to 0 or 1 in
    /// this element type: |x| ≤ 36 for double, ≤ 16 for float (catalog §4.21: report by type-aware thresholds).
    /// </summary>
    public static bool IsLogitBelowSaturation(IOperation? logit, ITypeSymbol? type, Compilation? compilation)
    {
        if (logit == null) return false;
        double limit = Ops.KindOf(type) switch { FloatKind.Double => 36, FloatKind.Single => 16, _ => 0 };
        if (limit == 0) return false;
        foreach (IOperation s in Sources(logit, compilation))
        {
            if (Ops.MathFunction(s, out var call) != "Clamp" || call!.Arguments.Length != 3) return false;
            if (Ops.Constant(call.Arguments[1].Value) is not double lo || Ops.Constant(call.Arguments[2].Value) is not double hi) return false;
            if (lo < -limit || hi > limit) return false;
        }
        return true;
    }

    /// <summary>An exponent is shifted when it is a difference (x - max) or clamped from above (Min(x, c)).</summary>
    public static bool IsShiftedExponent(IOperation exponent, Compilation? compilation)
    {
        foreach (IOperation s in Sources(exponent, compilation))
        {
            if (s is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract }) continue;
            if (Ops.MathFunction(s, out _) is "Min" or "Clamp") continue;
            if (Ops.Constant(s) is double c && c < 80) continue;
            return false;
        }
        return true;
    }

    /// <summary>Exp(x) reached directly or through locals/fields, with x not shifted by a max.</summary>
    public static bool IsUnshiftedExp(IOperation op, Compilation? compilation) =>
        Sources(op, compilation).Any(s => (Ops.IsExp(s, out var x) && !IsShiftedExponent(x, compilation))
            || (s is IArrayElementReferenceOperation element && IsSequenceOfExp(element.ArrayReference, compilation, out bool shifted) && !shifted));

    public static bool IsExpValue(IOperation op, Compilation? compilation) =>
        Sources(op, compilation).Any(s => Ops.IsExp(s) || IsElementOfExpSequence(s, compilation)
            || (s is IArrayElementReferenceOperation element && IsSequenceOfExp(element.ArrayReference, compilation, out _)));

    /// <summary>
    /// The parameter of a lambda mapped over a sequence of exps: <c>exps.Select(e =&gt; e / sum)</c> where
    /// <c>exps = xs.Select(x =&gt; Exp(x))</c>.
    /// </summary>
    private static bool IsElementOfExpSequence(IOperation op, Compilation? compilation)
    {
        if (Ops.Strip(op) is not IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda }) return false;
        for (IOperation? p = op.Parent; p != null; p = p.Parent)
        {
            if (p is IAnonymousFunctionOperation f && SymbolEqualityComparer.Default.Equals(f.Symbol, lambda))
            {
                IOperation? call = f.Parent;
                while (call is IDelegateCreationOperation or IArgumentOperation or IConversionOperation) call = call.Parent;
                return call is IInvocationOperation invocation && Receiver(invocation) is IOperation source && IsSequenceOfExp(source, compilation, out _);
            }
        }
        return false;
    }

    /// <summary>
    /// A sum of exponentials: Exp(a) + Exp(b) (+ ...), a local accumulated with <c>s += Exp(v)</c>,
    /// <c>xs.Sum(Math.Exp)</c>, <c>xs.Select(Math.Exp).Sum()</c>, an array of exps summed.
    /// <paramref name="shifted"/> is true when every exponent is max-shifted.
    /// </summary>
    public static bool IsSumOfExp(IOperation op, Compilation? compilation, out bool shifted, out int terms)
    {
        shifted = true;
        terms = 0;
        foreach (IOperation s in Sources(op, compilation))
        {
            if (SumOfExpTerms(s, compilation, ref shifted, ref terms)) return true;
        }
        return false;
    }

    private static bool SumOfExpTerms(IOperation s, Compilation? compilation, ref bool shifted, ref int terms)
    {
        s = Ops.Strip(s);
        // Exp(a) + Exp(b) + Exp(c)
        if (s is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add })
        {
            int n = 0;
            bool allShifted = true;
            if (AllExpTerms(s, compilation, ref n, ref allShifted) && n >= 2)
            {
                terms = n;
                shifted = allShifted;
                return true;
            }
            return false;
        }
        // s += Exp(v) in a loop
        if (LocalWrites.Symbol(s) is ILocalSymbol local)
        {
            var writes = LocalWrites.For(s).Of(local);
            var adds = writes.Where(w => w.Kind == WriteKind.AddAssign).ToList();
            if (adds.Count > 0 && adds.All(w => IsExpValue(w.Value, compilation)))
            {
                terms = int.MaxValue;
                shifted = adds.All(w => !IsUnshiftedExp(w.Value, compilation));
                return true;
            }
            return false;
        }
        // LINQ: xs.Sum(Exp), xs.Select(Exp).Sum(), exps.Sum() where exps holds exps
        if (s is IInvocationOperation call && call.TargetMethod.Name == "Sum")
        {
            IOperation? selector = call.TargetMethod.IsExtensionMethod ? (call.Arguments.Length > 1 ? call.Arguments[1].Value : null) : (call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
            IOperation? source = Receiver(call);
            if (selector != null && DelegateComputesExp(selector, out bool delegateShifted))
            {
                terms = int.MaxValue;
                shifted = delegateShifted;
                return true;
            }
            if (source != null && IsSequenceOfExp(source, compilation, out bool seqShifted))
            {
                terms = int.MaxValue;
                shifted = seqShifted;
                return true;
            }
        }
        return false;
    }

    private static bool AllExpTerms(IOperation op, Compilation? compilation, ref int count, ref bool allShifted)
    {
        op = Ops.Strip(op);
        if (op is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } b)
            return AllExpTerms(b.LeftOperand, compilation, ref count, ref allShifted) && AllExpTerms(b.RightOperand, compilation, ref count, ref allShifted);
        if (Ops.IsExp(op, out var x))
        {
            count++;
            if (!IsShiftedExponent(x, compilation)) allShifted = false;
            return true;
        }
        return false;
    }

    /// <summary>The receiver of an instance call, or the "this" argument of an extension call.</summary>
    public static IOperation? Receiver(IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

    /// <summary>A sequence whose elements are exps: xs.Select(Exp)(.ToArray()), an array filled with e[i] = Exp(...).</summary>
    public static bool IsSequenceOfExp(IOperation op, Compilation? compilation, out bool shifted)
    {
        shifted = true;
        foreach (IOperation s in Sources(op, compilation))
        {
            IOperation cur = Ops.Strip(s);
            while (cur is IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" or "AsSpan" } conv && Receiver(conv) is IOperation inner)
                cur = Ops.Strip(inner);
            if (cur is IInvocationOperation { TargetMethod.Name: "Select" } select && select.Arguments.Length == 2
                && DelegateComputesExp(select.Arguments[1].Value, out shifted))
                return true;
            if (LocalWrites.Symbol(cur) is ISymbol arr)
            {
                var elementWrites = LocalWrites.For(cur).Of(arr).Where(w => w.Kind == WriteKind.ElementAssign).ToList();
                if (elementWrites.Count > 0 && elementWrites.All(w => IsExpValue(w.Value, compilation)))
                {
                    shifted = elementWrites.All(w => !IsUnshiftedExp(w.Value, compilation));
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>A delegate that computes Exp: the method group Math.Exp or a lambda v => Math.Exp(...).</summary>
    public static bool DelegateComputesExp(IOperation op, out bool shifted)
    {
        shifted = false;
        op = Ops.Strip(op);
        if (op is IDelegateCreationOperation d) op = d.Target;
        if (op is IMethodReferenceOperation m) return m.Method.Name == "Exp" && Ops.IsMathType(m.Method.ContainingType);
        if (op is IAnonymousFunctionOperation lambda)
        {
            var returned = lambda.Body.Operations.OfType<IReturnOperation>().FirstOrDefault()?.ReturnedValue;
            if (returned != null && Ops.IsExp(returned, out var x))
            {
                shifted = IsShiftedExponent(x, null);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A sigmoid probability: 1/(1+Exp(-x)) inline, or a call to a method named Sigmoid/Logistic,
    /// possibly stored in a local or a field first. <paramref name="argument"/> is x when it is visible
    /// inline (for rewrites), and <paramref name="negate"/> says the logit is -argument.
    /// </summary>
    public static bool IsSigmoid(IOperation op, Compilation? compilation, out IOperation? argument, out bool negate)
    {
        argument = null;
        negate = false;
        if (IsInlineSigmoid(op, out var arg, out negate)) { argument = arg; return true; }
        foreach (IOperation s in Sources(op, compilation))
        {
            if (IsInlineSigmoid(s, out _, out _)) return true;
        }
        return false;
    }

    private static bool IsInlineSigmoid(IOperation op, out IOperation? argument, out bool negate)
    {
        argument = null;
        negate = false;
        op = Ops.Strip(op);
        if (op is IInvocationOperation call && Helpers.KindOf(call.TargetMethod.Name) == HelperKind.Sigmoid && call.Arguments.Length == 1)
        {
            argument = call.Arguments[0].Value;
            return true;
        }
        if (Ops.IsBinary(op, BinaryOperatorKind.Divide, out var num, out var den) && Ops.IsOne(num)
            && Ops.IsOnePlus(den, out var term, out bool minus) && !minus && Ops.IsExp(term, out var exponent))
        {
            // 1 / (1 + Exp(-x)) is sigmoid(x); 1 / (1 + Exp(x)) is sigmoid(-x).
            if (Ops.Strip(exponent) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } neg) { argument = neg.Operand; return true; }
            argument = exponent;
            negate = true;
            return true;
        }
        return false;
    }

    /// <summary>
    /// A softmax probability: an element of a call to a *Softmax* method, of a local/field filled by one,
    /// an Exp(..) divided by a sum of exps, or a local/array element holding such a ratio.
    /// </summary>
    public static bool IsSoftmaxProbability(IOperation op, Compilation? compilation)
    {
        foreach (IOperation s in Sources(op, compilation))
        {
            IOperation cur = Ops.Strip(s);
            if (IsSoftmaxRatio(cur, compilation)) return true;
            IOperation? container = cur switch
            {
                IArrayElementReferenceOperation a => a.ArrayReference,
                IPropertyReferenceOperation { Property.IsIndexer: true } p => p.Instance,
                _ => null,
            };
            if (container == null) continue;
            foreach (IOperation c in Sources(container, compilation))
            {
                if (Ops.Strip(c) is IInvocationOperation call && Helpers.KindOf(call.TargetMethod.Name) == HelperKind.Softmax) return true;
                if (LocalWrites.Symbol(c) is ISymbol arr
                    && LocalWrites.For(c).Of(arr).Any(w => w.Kind == WriteKind.ElementAssign && IsSoftmaxRatio(Ops.Strip(w.Value), compilation)))
                    return true;
                if (compilation != null && LocalWrites.FieldOf(c) is IFieldSymbol f
                    && SourceCode.For(compilation).FieldWrites(f).Any(w => Ops.Strip(w) is IInvocationOperation fc && Helpers.KindOf(fc.TargetMethod.Name) == HelperKind.Softmax))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Exp(z_i) / Σ exp(z_j) in any spelling (including Exp(x) * (1 / sum)).</summary>
    public static bool IsSoftmaxRatio(IOperation op, Compilation? compilation)
    {
        op = Ops.Strip(op);
        if (Ops.IsBinary(op, BinaryOperatorKind.Divide, out var num, out var den))
            return IsExpValue(num, compilation) && IsSumOfExp(den, compilation, out _, out int terms) && terms > 2;
        if (Ops.IsBinary(op, BinaryOperatorKind.Multiply, out var l, out var r))
        {
            if (IsExpValue(l, compilation) && Ops.IsBinary(r, BinaryOperatorKind.Divide, out var one, out var sum) && Ops.IsOne(one))
                return IsSumOfExp(sum, compilation, out _, out int t) && t > 2;
            if (IsExpValue(l, compilation) && IsReciprocalOfSumOfExp(r, compilation, out _)) return true;
        }
        return false;
    }

    /// <summary>A local that accumulated exps and was then inverted in place: <c>s += Exp(v); ... s = 1 / s;</c>.</summary>
    public static bool IsReciprocalOfSumOfExp(IOperation op, Compilation? compilation, out bool shifted)
    {
        shifted = true;
        if (LocalWrites.Symbol(op) is not ILocalSymbol local) return false;
        var writes = LocalWrites.For(op).Of(local);
        bool inverted = writes.Any(w => w.Kind == WriteKind.Assign && Ops.IsBinary(w.Value, BinaryOperatorKind.Divide, out var one, out var self)
            && Ops.IsOne(one) && LocalWrites.Symbol(self) is ILocalSymbol s && SymbolEqualityComparer.Default.Equals(s, local));
        if (!inverted) return false;
        var adds = writes.Where(w => w.Kind == WriteKind.AddAssign).ToList();
        if (adds.Count == 0 || !adds.All(w => IsExpValue(w.Value, compilation))) return false;
        shifted = adds.All(w => !IsUnshiftedExp(w.Value, compilation));
        return true;
    }

    /// <summary>p + c with a tiny constant c (1e-9, double.Epsilon): the "eps hack", which hides but does not fix a log(0).</summary>
    public static IOperation StripEpsilonHack(IOperation op)
    {
        op = Ops.Strip(op);
        return Ops.IsBinary(op, BinaryOperatorKind.Add, out var l, out var r) && Ops.Constant(r) is double c && c > 0 && c <= 1e-4 ? Ops.Strip(l) : op;
    }

    /// <summary>
    /// Whether the value is guarded against the dangerous point by its surroundings: inside
    /// <c>if (p &gt; 0)</c>, the else-arm of <c>p == 0 ? 0 : ...</c>, after an early
    /// <c>if (p == 0) return</c>/<c>continue</c>, or clamped by Max/Clamp before use.
    /// </summary>
    public static bool IsGuarded(IOperation value, IOperation at)
    {
        value = Ops.Strip(value);
        string text = value.Syntax.ToString();
        if (Ops.Constant(value) == null && IsComparedAnywhere(value)) return true;
        for (IOperation? p = at.Parent; p != null; p = p.Parent)
        {
            if (p is IConditionalOperation cond && ConditionMentions(cond.Condition, text)) return true;
            if (p is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logic
                && ConditionMentions(logic.LeftOperand, text)) return true;
            if (p is IWhileLoopOperation w && w.Condition != null && ConditionMentions(w.Condition, text)) return true;
            if (p is IBlockOperation block)
            {
                // An earlier `if (x == 0) return/continue/throw;` (or `if (x <= 0) ...`) in an enclosing block.
                foreach (IOperation stmt in block.Operations)
                {
                    if (stmt.Syntax.SpanStart >= at.Syntax.SpanStart) break;
                    if (stmt is IConditionalOperation ifStmt && ConditionMentions(ifStmt.Condition, text)) return true;
                }
            }
            if (p is IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation) break;
        }
        return false;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, System.Collections.Generic.HashSet<string>> ComparedTexts = new();

    /// <summary>
    /// Whether the method compares this value (same source text) anywhere, e.g. <c>if (std[c] == 0) std[c] = 1;</c>
    /// in the loop that computed it: the author has thought about the zero case. Built once per method body.
    /// </summary>
    public static bool IsComparedAnywhere(IOperation value)
    {
        var texts = ComparedTexts.GetValue(Ops.Root(value), root =>
        {
            var set = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            foreach (IOperation op in root.DescendantsAndSelf())
            {
                if (op is IBinaryOperation b && b.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.GreaterThan
                    or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual)
                {
                    set.Add(Ops.Strip(b.LeftOperand).Syntax.ToString());
                    set.Add(Ops.Strip(b.RightOperand).Syntax.ToString());
                }
                else if (op is IIsPatternOperation pat) set.Add(Ops.Strip(pat.Value).Syntax.ToString());
            }
            return set;
        });
        return texts.Contains(Ops.Strip(value).Syntax.ToString());
    }

    private static bool ConditionMentions(IOperation condition, string text)
    {
        foreach (IOperation op in condition.DescendantsAndSelf())
        {
            if (op is IBinaryOperation b && b.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                && (Ops.Strip(b.LeftOperand).Syntax.ToString() == text || Ops.Strip(b.RightOperand).Syntax.ToString() == text)) return true;
            if (op is IInvocationOperation call && call.Arguments.Any(a => Ops.Strip(a.Value).Syntax.ToString() == text)
                && call.TargetMethod.Name is "IsNaN" or "IsFinite" or "IsInfinity" or "IsZero" or "IsPositive" or "IsNormal") return true;
            if (op is IIsPatternOperation pat && Ops.Strip(pat.Value).Syntax.ToString() == text) return true;
        }
        return false;
    }

    /// <summary>Values clamped away from zero: Max(x, c>0), Clamp(x, c>0, ..), x + c with c>0, Exp(..), positive constants.</summary>
    public static bool IsProvablyPositive(IOperation op, Compilation? compilation, int depth = 0)
    {
        if (depth > 3) return false;
        foreach (IOperation s in Sources(op, compilation))
        {
            if (!IsPositiveShape(Ops.Strip(s), compilation, depth)) return false;
        }
        return true;
    }

    private static bool IsPositiveShape(IOperation s, Compilation? compilation, int depth)
    {
        if (Ops.Constant(s) is double c) return c > 0;
        string? f = Ops.MathFunction(s, out var call);
        if (f == "Exp" || f == "Cosh") return true;
        if (f == "Max" && call!.Arguments.Any(a => Ops.Constant(a.Value) is double m && m > 0)) return true;
        if (f == "Clamp" && call!.Arguments.Length == 3 && Ops.Constant(call.Arguments[1].Value) is double lo && lo > 0) return true;
        if (s is IBinaryOperation b)
        {
            switch (b.OperatorKind)
            {
                case BinaryOperatorKind.Add:
                    return (Ops.Constant(b.RightOperand) is > 0 && IsNonNegative(b.LeftOperand, compilation))
                        || (Ops.Constant(b.LeftOperand) is > 0 && IsNonNegative(b.RightOperand, compilation))
                        || (IsProvablyPositive(b.LeftOperand, compilation, depth + 1) && IsNonNegative(b.RightOperand, compilation))
                        || (IsProvablyPositive(b.RightOperand, compilation, depth + 1) && IsNonNegative(b.LeftOperand, compilation));
                case BinaryOperatorKind.Multiply:
                case BinaryOperatorKind.Divide:
                    return IsProvablyPositive(b.LeftOperand, compilation, depth + 1) && IsProvablyPositive(b.RightOperand, compilation, depth + 1);
            }
        }
        return false;
    }

    /// <summary>Squares, absolute values, exps, counts (unsigned or Length/Count) and positive values are never negative.</summary>
    public static bool IsNonNegative(IOperation op, Compilation? compilation)
    {
        op = Ops.Strip(op);
        if (Ops.IsSquare(op, out _)) return true;
        if (Ops.MathFunction(op, out _) is "Abs" or "Exp" or "Sqrt" or "Cosh") return true;
        if (op is IPropertyReferenceOperation { Property.Name: "Length" or "Count" or "LongLength" }) return true;
        if (Ops.KindOf(op.Type) == FloatKind.Integer && op.Type!.SpecialType is SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Byte) return true;
        if (Ops.Constant(op) is double c) return c >= 0;
        return IsProvablyPositive(op, compilation);
    }

    /// <summary>Name-based hints used where the catalog asks for them (variance/std/norm denominators, loss methods).</summary>
    public static bool NameLooksLike(IOperation op, params string[] stems)
    {
        string? name = Ops.Strip(op) switch
        {
            ILocalReferenceOperation l => l.Local.Name,
            IParameterReferenceOperation p => p.Parameter.Name,
            IFieldReferenceOperation f => f.Field.Name,
            IPropertyReferenceOperation pr when !pr.Property.IsIndexer => pr.Property.Name,
            IArrayElementReferenceOperation a => (Ops.Strip(a.ArrayReference) as ILocalReferenceOperation)?.Local.Name ?? (Ops.Strip(a.ArrayReference) as IFieldReferenceOperation)?.Field.Name,
            IInvocationOperation c => c.TargetMethod.Name,
            _ => null,
        };
        if (name == null) return false;
        string lower = name.TrimStart('_').ToLowerInvariant();
        return stems.Any(s => lower == s || lower.StartsWith(s, StringComparison.Ordinal) || lower.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>The name of the method (or local function) whose body holds the operation.</summary>
    public static string EnclosingMethodName(ISymbol? owner) => owner switch
    {
        IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } m => EnclosingMethodName(m.ContainingSymbol),
        IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet } acc => acc.AssociatedSymbol?.Name ?? acc.Name,
        IMethodSymbol m => m.Name,
        _ => owner?.Name ?? "",
    };
}
