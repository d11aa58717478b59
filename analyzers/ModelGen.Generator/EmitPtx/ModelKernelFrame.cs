using System.Collections.Generic;
using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// The one parameter list every model kernel takes (the arenas' base addresses, the batch, and the
/// step's dropout seed and training flag, and the state arena of batch-norm statistics), and
/// the pointers into them that the plan fixes: parameters and gradients at static offsets,
/// per-sample values at batch·columnOffset in the activation arena. One signature for all kernels
/// keeps the launch table a list of names and grid shapes.
/// </summary>
internal sealed class ModelKernelFrame
{
    public static readonly IReadOnlyList<string> ParameterList = new[]
    {
        ".param .u64 p_parameters", ".param .u64 p_gradients", ".param .u64 p_activations", ".param .u64 p_inputs",
        ".param .u64 p_targets", ".param .u64 p_labels", ".param .u64 p_scratch", ".param .u32 p_batch",
        ".param .u64 p_seed", ".param .u32 p_training", ".param .u64 p_state",
    };

    private readonly PtxWriter _w;
    private readonly KernelPlan _plan;
    private readonly Dictionary<string, string> _bases = new();

    public ModelKernelFrame(PtxWriter writer, KernelPlan plan)
    {
        _w = writer;
        _plan = plan;
        Batch = writer.R();
        writer.Op($"ld.param.u32 {Batch}, [p_batch]");
    }

    public PtxWriter Writer => _w;

    /// <summary>The register holding the batch size.</summary>
    public string Batch { get; }

    /// <summary>The global address of an arena (p_parameters, p_activations, …), loaded once.</summary>
    public string Base(string parameter)
    {
        if (_bases.TryGetValue(parameter, out string? register)) return register;
        string raw = _w.Rd();
        _w.Op($"ld.param.u64 {raw}, [{parameter}]");
        register = _w.Rd();
        _w.Op($"cvta.to.global.u64 {register}, {raw}");
        _bases[parameter] = register;
        return register;
    }

    /// <summary>The address of a value's first element.</summary>
    public string Pointer(Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Input: return Base("p_inputs");
            case ValueKind.Target: return Base("p_targets");
            case ValueKind.Parameter: return Offset(Base("p_parameters"), _plan.ParameterOf[value].Offset);
            case ValueKind.ParameterGradient: return Offset(Base("p_gradients"), _plan.ParameterOf[value].Offset);
            case ValueKind.State: return Offset(Base("p_state"), _plan.StateOffset[value]);
            default:
            {
                int columns = _plan.ColumnOffset[value];
                string arena = Base("p_activations");
                if (columns == 0) return arena;
                string bytes = _w.Rd(), address = _w.Rd();
                _w.Op($"mul.wide.u32 {bytes}, {Batch}, {PtxWriter.Number(columns * 4)}");
                _w.Op($"add.s64 {address}, {arena}, {bytes}");
                return address;
            }
        }
    }

    private string Offset(string arena, int elements)
    {
        if (elements == 0) return arena;
        string address = _w.Rd();
        _w.Op($"add.s64 {address}, {arena}, {PtxWriter.Number(elements * 4)}");
        return address;
    }

    /// <summary>base + 4·index for a non-negative 32-bit index register.</summary>
    public static string Element(PtxWriter w, string pointer, string index)
    {
        string bytes = w.Rd(), address = w.Rd();
        w.Op($"mul.wide.u32 {bytes}, {index}, 4");
        w.Op($"add.s64 {address}, {pointer}, {bytes}");
        return address;
    }

    /// <summary>The global index of this thread along x: ctaid.x·ntid.x + tid.x.</summary>
    public static string GlobalThreadIndex(PtxWriter w)
    {
        string block = w.R(), width = w.R(), thread = w.R(), index = w.R();
        w.Op($"mov.u32 {block}, %ctaid.x");
        w.Op($"mov.u32 {width}, %ntid.x");
        w.Op($"mov.u32 {thread}, %tid.x");
        w.Op($"mad.lo.s32 {index}, {block}, {width}, {thread}");
        return index;
    }
}
