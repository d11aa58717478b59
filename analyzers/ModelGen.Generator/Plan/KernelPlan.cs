using System.Collections.Generic;
using ModelGen.Generator.Check;
using ModelGen.Generator.IR;

namespace ModelGen.Generator.Plan;

/// <summary>A parameter tensor's place in the parameter arena (the gradient arena has the same layout).</summary>
internal sealed record ParameterSlot(string Name, string Layer, bool IsBias, int Offset, int Rows, int Columns)
{
    public int Length => Rows * Columns;
}

/// <summary>
/// The static memory plan and schedule of one model: where every buffer lives and in which order
/// the fused kernels run. Per-sample buffers are placed by column offset in the activation arena:
/// a value with column offset c and width w occupies [batch·c, batch·(c + w)).
/// </summary>
internal sealed class KernelPlan
{
    public KernelPlan(ModelDefinition model, Graph graph)
    {
        Model = model;
        Graph = graph;
    }

    public ModelDefinition Model { get; }
    public Graph Graph { get; }
    public List<ParameterSlot> Parameters { get; } = new();
    public Dictionary<Value, ParameterSlot> ParameterOf { get; } = new();
    public Dictionary<Value, int> ColumnOffset { get; } = new();
    /// <summary>Offsets of non-trainable tensors in the state arena.</summary>
    public Dictionary<Value, int> StateOffset { get; } = new();
    public int StateCount { get; set; }
    public int ParameterCount { get; set; }
    public int ActivationWidth { get; set; }
    /// <summary>Width the activation arena would need without buffer reuse, to report the saving.</summary>
    public int UnsharedActivationWidth { get; set; }
    public List<Op> Forward { get; } = new();
    public Op Loss { get; set; } = null!;
    public List<Op> Backward { get; } = new();
    /// <summary>Fused dense ops whose pre-activation is stored separately (the backward pass reads it).</summary>
    public HashSet<Op> StoresPreActivation { get; } = new();
    /// <summary>[Checkpoint] layers whose recomputation would not lower the peak, so their values are kept (MG0020).</summary>
    public List<string> IneffectiveCheckpoints { get; } = new();
}
