using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers.Numerics.Core;

internal enum WriteKind { Initializer, Assign, AddAssign, MultiplyAssign, OtherCompound, ElementAssign, ElementAddAssign }

/// <summary>One write to a local: its kind, the value written, and whether it sits inside a loop.</summary>
internal readonly struct LocalWrite
{
    public LocalWrite(WriteKind kind, IOperation value, bool inLoop, IOperation? loop)
    {
        Kind = kind;
        Value = value;
        InLoop = inLoop;
        Loop = loop;
    }

    public WriteKind Kind { get; }
    public IOperation Value { get; }
    public bool InLoop { get; }
    public IOperation? Loop { get; }
}

/// <summary>
/// Simple local data flow for one method body: every write to each local (initializers, assignments,
/// compound assignments, writes to its elements). Built once per body by one walk and cached, so
/// rules can ask "what flows into this local" without walking the tree per node.
/// </summary>
internal sealed class LocalWrites
{
    private static readonly ConditionalWeakTable<IOperation, LocalWrites> Cache = new();

    private readonly Dictionary<ISymbol, List<LocalWrite>> _writes = new(SymbolEqualityComparer.Default);

    public static LocalWrites For(IOperation anyOperationInBody) => Cache.GetValue(Ops.Root(anyOperationInBody), root => new LocalWrites(root));

    private LocalWrites(IOperation root)
    {
        foreach (IOperation op in root.DescendantsAndSelf())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation d when d.Initializer != null:
                    Add(d.Symbol, WriteKind.Initializer, d.Initializer.Value, op);
                    break;
                case ISimpleAssignmentOperation a:
                    if (Symbol(a.Target) is ISymbol s) Add(s, WriteKind.Assign, a.Value, op);
                    else if (ElementOwner(a.Target) is ISymbol e) Add(e, WriteKind.ElementAssign, a.Value, op);
                    break;
                case ICompoundAssignmentOperation c:
                    var kind = c.OperatorKind switch
                    {
                        BinaryOperatorKind.Add => WriteKind.AddAssign,
                        BinaryOperatorKind.Multiply => WriteKind.MultiplyAssign,
                        _ => WriteKind.OtherCompound,
                    };
                    if (Symbol(c.Target) is ISymbol cs) Add(cs, kind, c.Value, op);
                    else if (ElementOwner(c.Target) is ISymbol ce) Add(ce, kind == WriteKind.AddAssign ? WriteKind.ElementAddAssign : WriteKind.OtherCompound, c.Value, op);
                    break;
                case IIncrementOrDecrementOperation inc:
                    if (Symbol(inc.Target) is ISymbol isym) Add(isym, WriteKind.OtherCompound, inc, op);
                    break;
            }
        }
    }

    public ImmutableArray<LocalWrite> Of(ISymbol symbol) =>
        _writes.TryGetValue(symbol, out var list) ? list.ToImmutableArray() : ImmutableArray<LocalWrite>.Empty;

    /// <summary>The local or parameter an expression reads, or null.</summary>
    public static ISymbol? Symbol(IOperation op) => Ops.Strip(op) switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    /// <summary>For a[i] (array or indexer), the local/parameter/field that owns the elements.</summary>
    public static ISymbol? ElementOwner(IOperation op) => Ops.Strip(op) switch
    {
        IArrayElementReferenceOperation a => Symbol(a.ArrayReference) ?? FieldOf(a.ArrayReference),
        IPropertyReferenceOperation { Property.IsIndexer: true } p when p.Instance != null => Symbol(p.Instance) ?? FieldOf(p.Instance),
        _ => null,
    };

    public static IFieldSymbol? FieldOf(IOperation op) => (Ops.Strip(op) as IFieldReferenceOperation)?.Field;

    private void Add(ISymbol symbol, WriteKind kind, IOperation value, IOperation at)
    {
        if (!_writes.TryGetValue(symbol, out var list)) _writes[symbol] = list = new List<LocalWrite>();
        IOperation? loop = EnclosingLoop(at);
        list.Add(new LocalWrite(kind, value, loop != null, loop));
    }

    public static IOperation? EnclosingLoop(IOperation op)
    {
        for (IOperation? p = op.Parent; p != null; p = p.Parent)
        {
            if (p is ILoopOperation) return p;
            if (p is IAnonymousFunctionOperation or ILocalFunctionOperation) return null;
        }
        return null;
    }
}
