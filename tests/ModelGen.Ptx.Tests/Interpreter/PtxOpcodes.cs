namespace ModelGen.Ptx.Tests.Interpreter;

/// <summary>The operations the interpreter executes.</summary>
internal enum PtxOp
{
    LoadParam, LoadGlobal, StoreGlobal, LoadShared, StoreShared, ToGlobal,
    Move, MoveBits,
    AddF, SubF, MulF, FmaF, DivF, SqrtF, MaxF, MinF, AbsF, NegF, Exp2F,
    RoundToIntegralF, FloatToInt, IntToFloat, UIntToFloat,
    AddI, SubI, MulLoI, MadLoI, MinI, DivU, RemU, Shl, ShrS, ShrU, And, Or, MulWideU, AddI64,
    ZeroExtend64, MulLoI64, ShrU64, Xor64, SetpU64,
    SetpF, SetpS, Select, AndPred, OrPred, XorPred,
    Branch, Barrier, ShuffleBfly, ShuffleDown, Return,
}

/// <summary>
/// Exactly the instruction forms (opcode with every modifier) that the interpreter implements.
/// Anything else, including a known opcode with an unknown modifier, is rejected by name when the
/// module is loaded, so the emitter cannot silently outgrow the interpreter.
/// </summary>
internal static class PtxOpcodes
{
    private static readonly Dictionary<string, PtxOp> Table = Build();

    public static PtxOp Decode(string opcode, string function, int line) =>
        Table.TryGetValue(opcode, out PtxOp op)
            ? op
            : throw new NotSupportedException($"PTX interpreter: instruction '{opcode}' (in {function}, line {line}) is not implemented.");

    public static IReadOnlyCollection<string> Implemented => Table.Keys;

    private static Dictionary<string, PtxOp> Build()
    {
        var table = new Dictionary<string, PtxOp>(StringComparer.Ordinal)
        {
            ["ld.param.u32"] = PtxOp.LoadParam, ["ld.param.u64"] = PtxOp.LoadParam, ["ld.param.f32"] = PtxOp.LoadParam,
            ["ld.global.f32"] = PtxOp.LoadGlobal, ["ld.global.u32"] = PtxOp.LoadGlobal, ["ld.global.s32"] = PtxOp.LoadGlobal,
            ["st.global.f32"] = PtxOp.StoreGlobal, ["st.global.u32"] = PtxOp.StoreGlobal,
            ["ld.shared.f32"] = PtxOp.LoadShared, ["ld.shared.u32"] = PtxOp.LoadShared,
            ["st.shared.f32"] = PtxOp.StoreShared, ["st.shared.u32"] = PtxOp.StoreShared,
            ["cvta.to.global.u64"] = PtxOp.ToGlobal,
            ["mov.u32"] = PtxOp.Move, ["mov.f32"] = PtxOp.Move, ["mov.b32"] = PtxOp.MoveBits,
            ["add.rn.f32"] = PtxOp.AddF, ["sub.rn.f32"] = PtxOp.SubF, ["mul.rn.f32"] = PtxOp.MulF,
            ["fma.rn.f32"] = PtxOp.FmaF, ["div.rn.f32"] = PtxOp.DivF, ["sqrt.rn.f32"] = PtxOp.SqrtF,
            ["max.f32"] = PtxOp.MaxF, ["min.f32"] = PtxOp.MinF, ["abs.f32"] = PtxOp.AbsF, ["neg.f32"] = PtxOp.NegF,
            ["ex2.approx.f32"] = PtxOp.Exp2F,
            ["cvt.rni.f32.f32"] = PtxOp.RoundToIntegralF, ["cvt.rzi.s32.f32"] = PtxOp.FloatToInt,
            ["cvt.rn.f32.s32"] = PtxOp.IntToFloat, ["cvt.rn.f32.u32"] = PtxOp.UIntToFloat,
            ["add.s32"] = PtxOp.AddI, ["sub.s32"] = PtxOp.SubI, ["mul.lo.s32"] = PtxOp.MulLoI, ["mad.lo.s32"] = PtxOp.MadLoI,
            ["min.s32"] = PtxOp.MinI, ["div.u32"] = PtxOp.DivU, ["rem.u32"] = PtxOp.RemU, ["shl.b32"] = PtxOp.Shl, ["shr.s32"] = PtxOp.ShrS, ["shr.u32"] = PtxOp.ShrU,
            ["and.b32"] = PtxOp.And, ["or.b32"] = PtxOp.Or, ["mul.wide.u32"] = PtxOp.MulWideU, ["add.s64"] = PtxOp.AddI64,
            ["cvt.u64.u32"] = PtxOp.ZeroExtend64, ["mul.lo.u64"] = PtxOp.MulLoI64, ["shr.u64"] = PtxOp.ShrU64, ["xor.b64"] = PtxOp.Xor64,
            ["setp.ge.u64"] = PtxOp.SetpU64,
            ["selp.f32"] = PtxOp.Select, ["selp.b32"] = PtxOp.Select,
            ["and.pred"] = PtxOp.AndPred, ["or.pred"] = PtxOp.OrPred, ["xor.pred"] = PtxOp.XorPred,
            ["bra"] = PtxOp.Branch, ["bra.uni"] = PtxOp.Branch, ["bar.sync"] = PtxOp.Barrier, ["ret"] = PtxOp.Return,
            ["shfl.sync.bfly.b32"] = PtxOp.ShuffleBfly, ["shfl.sync.down.b32"] = PtxOp.ShuffleDown,
        };
        foreach (string comparison in new[] { "eq", "ne", "lt", "gt" }) table[$"setp.{comparison}.f32"] = PtxOp.SetpF;
        foreach (string comparison in new[] { "eq", "ne", "lt", "ge" }) table[$"setp.{comparison}.s32"] = PtxOp.SetpS;
        return table;
    }
}
