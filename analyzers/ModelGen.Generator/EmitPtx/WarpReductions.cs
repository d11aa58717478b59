using System;

namespace ModelGen.Generator.EmitPtx;

/// <summary>Warp-wide reductions with shfl.sync (full mask: every lane of the warp takes part).</summary>
internal static class WarpReductions
{
    public const int WarpSize = 32;

    /// <summary>Butterfly reduction: afterwards every lane holds the result.</summary>
    public static void AllReduce(PtxWriter w, string value, string combine, string type = "f32")
    {
        for (int offset = WarpSize / 2; offset >= 1; offset /= 2)
        {
            string other = type == "f32" ? w.F() : w.R();
            w.Op($"shfl.sync.bfly.b32 {other}, {value}, {offset}, 31, -1");
            w.Op($"{Combine(combine, type)} {value}, {value}, {other}");
        }
    }

    /// <summary>Tree reduction towards lane 0 (shfl.down): only lane 0's result is complete.</summary>
    public static void ReduceToLaneZero(PtxWriter w, string value, string combine, string type = "f32")
    {
        for (int offset = WarpSize / 2; offset >= 1; offset /= 2)
        {
            string other = type == "f32" ? w.F() : w.R();
            w.Op($"shfl.sync.down.b32 {other}, {value}, {offset}, 31, -1");
            w.Op($"{Combine(combine, type)} {value}, {value}, {other}");
        }
    }

    /// <summary>Float adds carry .rn so that ptxas cannot contract them (the interpreter and the CPU round each add).</summary>
    private static string Combine(string combine, string type) => combine == "add" && type == "f32" ? "add.rn.f32" : combine + "." + type;

    /// <summary>for (j = lane; j &lt; count; j += 32) body(j): lanes diverge on ragged counts and reconverge after.</summary>
    public static void LaneLoop(PtxWriter w, string lane, int count, string hint, Action<string> body) =>
        Loop(w, lane, PtxWriter.Number(count), WarpSize, hint, body);

    /// <summary>for (j = start; j &lt; end; j += step) body(j), with start and end registers or immediates.</summary>
    public static void Loop(PtxWriter w, string start, string end, int step, string hint, Action<string> body)
    {
        string j = w.R();
        w.Op($"mov.u32 {j}, {start}");
        string loop = w.NewLabel(hint), done = w.NewLabel(hint + "_done");
        w.Place(loop);
        string finished = w.P();
        w.Op($"setp.ge.s32 {finished}, {j}, {end}");
        w.Op($"@{finished} bra {done}");
        body(j);
        w.Op($"add.s32 {j}, {j}, {PtxWriter.Number(step)}");
        w.Op($"bra {loop}");
        w.Place(done);
    }
}
