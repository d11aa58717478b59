using ModelGen.Generator.Common;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// Embeds a model's PTX module in its generated Network class: the text as a constant (PTX has no
/// quotes, so a verbatim string keeps it readable line by line) and the launch table the CUDA
/// runtime and the tests' PTX interpreter walk.
/// </summary>
internal static class PtxEmbedding
{
    private const string Cuda = "global::ModelGen.Cuda.";

    public static void Emit(CodeWriter w, KernelPlan plan)
    {
        PtxModule module = PtxModuleEmitter.Emit(plan);
        w.Line($"/// <summary>This model's CUDA kernels (PTX {PtxModuleEmitter.Version}, {PtxModuleEmitter.Target}) and their launch table, from the same kernel plan.</summary>");
        w.Line($"public static {Cuda}PtxProgram Ptx {{ get; }} = new {Cuda}PtxProgram(PtxModule, new {Cuda}PtxLaunch[]");
        w.Line("{");
        foreach (PtxKernel kernel in module.Kernels)
        {
            w.Line($"    new(\"{kernel.Name}\", {Cuda}PtxKernelKind.{kernel.Kind}, {Cuda}PtxPhase.{kernel.Phase}, {CodeWriter.Literal(kernel.BlockX)}, {CodeWriter.Literal(kernel.BlockY)}, {Extent(kernel.GridX)}, {Extent(kernel.GridY)}),");
        }
        w.Line("});");
        w.Line();
        w.Line($"protected override {Cuda}PtxProgram? DeviceProgram => Ptx;");
        w.Line();
        w.Line("/// <summary>The PTX text of <see cref=\"Ptx\"/>.</summary>");
        // One Line call: only the first line is indented, so the module text is embedded unchanged.
        w.Line("public const string PtxModule = @\"" + module.Text + "\";");
    }

    /// <summary>The device choice on the user's model class.</summary>
    public static void EmitUserSurface(CodeWriter w)
    {
        w.Line("/// <summary>Trains and evaluates on the CPU (the default) or, through the generated PTX kernels, on a CUDA GPU; throws when the GPU cannot be used.</summary>");
        w.Line("public void UseDevice(global::ModelGen.Device device) => _network.UseDevice(device);");
        w.Line();
    }

    private static string Extent(PtxExtent extent) =>
        $"new {Cuda}PtxExtent({CodeWriter.Literal(extent.PerBatch)}, {CodeWriter.Literal(extent.Fixed)}, {CodeWriter.Literal(extent.Divisor)})";
}
