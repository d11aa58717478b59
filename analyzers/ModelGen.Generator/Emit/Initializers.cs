using ModelGen.Generator.Check;

namespace ModelGen.Generator.Emit;

/// <summary>The default weight initializer for a layer: He for the ReLU family, Xavier for the rest.</summary>
internal static class Initializers
{
    private static readonly string[] Names = { "Default", "HeNormal", "HeUniform", "XavierNormal", "XavierUniform", "LeCunNormal" };

    public static string Resolve(DenseLayer layer)
    {
        if (layer.Initializer > 0 && layer.Initializer < Names.Length) return Names[layer.Initializer];
        return layer.Activation switch
        {
            Activation.Relu or Activation.LeakyRelu or Activation.Gelu or Activation.GeluTanh or Activation.Silu or Activation.Softplus => "HeNormal",
            _ => "XavierUniform",
        };
    }
}
