using ModelGen.Kernels;

namespace ModelGen.Interop.Onnx;

/// <summary>
/// Each activation as opset-17 operators. GELU has no operator before opset 20, so both of its forms
/// are spelled out (erf form: ½x(1 + erf(x/√2)); tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))),
/// as PyTorch's own exporter does; SiLU is x·sigmoid(x).
/// </summary>
internal static class OnnxActivations
{
    public static string Append(OnnxGraph g, ActivationKind kind, double alpha, string x, string layer)
    {
        string Out(string suffix) => $"{layer}.{suffix}";
        switch (kind)
        {
            case ActivationKind.Identity: return x;
            case ActivationKind.Relu: return g.Node("Relu", layer, [x]);
            case ActivationKind.Sigmoid: return g.Node("Sigmoid", layer, [x]);
            case ActivationKind.Tanh: return g.Node("Tanh", layer, [x]);
            case ActivationKind.Softplus: return g.Node("Softplus", layer, [x]);
            case ActivationKind.LeakyRelu: return g.Node("LeakyRelu", layer, [x], ("alpha", (float)alpha, null));
            case ActivationKind.Silu:
                return g.Node("Mul", layer, [x, g.Node("Sigmoid", Out("Sigmoid"), [x])]);
            case ActivationKind.Gelu:
            {
                string scaled = g.Node("Mul", Out("Scaled"), [x, g.Constant((float)(1 / Math.Sqrt(2)))]);
                string erf = g.Node("Erf", Out("Erf"), [scaled]);
                return HalfXTimesOnePlus(g, x, erf, layer);
            }
            case ActivationKind.GeluTanh:
            {
                string square = g.Node("Mul", Out("Square"), [x, x]);
                string cube = g.Node("Mul", Out("Cube"), [square, x]);
                string inner = g.Node("Add", Out("Inner"), [x, g.Node("Mul", Out("CubeTerm"), [cube, g.Constant(0.044715f)])]);
                string tanh = g.Node("Tanh", Out("Tanh"), [g.Node("Mul", Out("Scaled"), [inner, g.Constant((float)Math.Sqrt(2 / Math.PI))])]);
                return HalfXTimesOnePlus(g, x, tanh, layer);
            }
            default:
                throw new NotSupportedException($"layer '{layer}' uses activation {kind}, which the ONNX exporter does not know.");
        }
    }

    private static string HalfXTimesOnePlus(OnnxGraph g, string x, string t, string layer)
    {
        string onePlus = g.Node("Add", $"{layer}.OnePlus", [t, g.Constant(1f)]);
        string halfX = g.Node("Mul", $"{layer}.HalfX", [x, g.Constant(0.5f)]);
        return g.Node("Mul", layer, [halfX, onePlus]);
    }
}
