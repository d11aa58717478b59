using ModelGen.Generator.Check;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// Forward and backward of each activation as inline PTX, mirroring the CPU kernels' formulas
/// (src/ModelGen/Kernels/Elementwise) so both backends round alike: backward from the output y for
/// ReLU, LeakyReLU, sigmoid, tanh and softplus; from the pre-activation z for GELU, GELU-tanh, SiLU.
/// </summary>
internal static class PtxActivations
{
    private const double InverseSqrtTwoPi = 0.39894228040143267794;
    private const double SqrtTwoOverPi = 0.79788456080286535588;
    private const double CubicCoefficient = 0.044715;
    private const double GeluTanhSaturation = 100;

    public static string Forward(PtxWriter w, Activation activation, double alpha, string z)
    {
        switch (activation)
        {
            case Activation.Identity: return z;
            case Activation.Sigmoid: return PtxMathLibrary.Sigmoid(w, z);
            case Activation.Tanh: return PtxMathLibrary.Tanh(w, z);
            case Activation.Relu:
            {
                string y = w.F();
                w.Op($"max.f32 {y}, {z}, {PtxWriter.Float(0.0)}");
                return y;
            }
            case Activation.LeakyRelu:
            {
                string scaled = PtxMathLibrary.Multiply(w, z, w.Const(alpha));
                return SelectPositive(w, z, z, scaled);
            }
            case Activation.Gelu: return PtxMathLibrary.Multiply(w, z, PtxErrorFunction.NormalCdf(w, z).Cdf);
            case Activation.GeluTanh:
                return PtxMathLibrary.Multiply(w, z, PtxMathLibrary.Sigmoid(w, TwiceInner(w, PtxMathLibrary.Clamp(w, z, GeluTanhSaturation))));
            case Activation.Silu: return PtxMathLibrary.Multiply(w, z, PtxMathLibrary.Sigmoid(w, z));
            default: return PtxMathLibrary.Softplus(w, z);
        }
    }

    /// <summary>dz = dy·f'(·); <paramref name="source"/> is y or z as <see cref="Plan.ActivationTable.NeedsPreActivation"/> says.</summary>
    public static string Backward(PtxWriter w, Activation activation, double alpha, string source, string dy)
    {
        switch (activation)
        {
            case Activation.Identity: return dy;
            case Activation.Sigmoid:
            {
                string complement = w.F();
                w.Op($"sub.rn.f32 {complement}, {PtxWriter.Float(1.0)}, {source}");
                return PtxMathLibrary.Multiply(w, dy, PtxMathLibrary.Multiply(w, source, complement));
            }
            case Activation.Tanh:
            {
                string minus = w.F(), plus = w.F();
                w.Op($"sub.rn.f32 {minus}, {PtxWriter.Float(1.0)}, {source}");
                w.Op($"add.rn.f32 {plus}, {source}, {PtxWriter.Float(1.0)}");
                return PtxMathLibrary.Multiply(w, dy, PtxMathLibrary.Multiply(w, minus, plus));
            }
            // Selecting, not multiplying by 0/1: exactly zero where the unit is off, even for inf dy.
            case Activation.Relu: return SelectPositive(w, source, dy, w.Const(0.0));
            case Activation.LeakyRelu: return SelectPositive(w, source, dy, PtxMathLibrary.Multiply(w, dy, w.Const(alpha)));
            case Activation.Gelu:
            {
                var (cdf, gaussian) = PtxErrorFunction.NormalCdf(w, source);
                string density = PtxMathLibrary.Multiply(w, gaussian, w.Const(InverseSqrtTwoPi));
                string derivative = w.F();
                w.Op($"fma.rn.f32 {derivative}, {source}, {density}, {cdf}");
                return PtxMathLibrary.Multiply(w, dy, derivative);
            }
            case Activation.GeluTanh: return GeluTanhBackward(w, source, dy);
            case Activation.Silu:
            {
                var (sigmoid, complement) = PtxMathLibrary.SigmoidAndComplement(w, source);
                // σ·z first: where σ underflows the product is 0 even for huge |z|, never inf·0.
                string derivative = w.F();
                w.Op($"fma.rn.f32 {derivative}, {PtxMathLibrary.Multiply(w, sigmoid, source)}, {complement}, {sigmoid}");
                return PtxMathLibrary.Multiply(w, dy, derivative);
            }
            default:
            {
                // softplus'(z) = σ(z) = 1 − e^−y = −expm1(−y), accurate where y is tiny.
                string negative = w.F();
                w.Op($"neg.f32 {negative}, {source}");
                string m = PtxMathLibrary.Expm1(w, negative);
                string derivative = w.F();
                w.Op($"neg.f32 {derivative}, {m}");
                return PtxMathLibrary.Multiply(w, dy, derivative);
            }
        }
    }

    private static string GeluTanhBackward(PtxWriter w, string z, string dy)
    {
        string clamped = PtxMathLibrary.Clamp(w, z, GeluTanhSaturation);
        var (sigmoid, complement) = PtxMathLibrary.SigmoidAndComplement(w, TwiceInner(w, clamped));
        string square = PtxMathLibrary.Multiply(w, clamped, clamped);
        string innerSlope = w.F();
        w.Op($"fma.rn.f32 {innerSlope}, {square}, {PtxWriter.Float(2 * SqrtTwoOverPi * 3 * CubicCoefficient)}, {PtxWriter.Float(2 * SqrtTwoOverPi)}");
        // Bounded factors first, z last: a saturated sigmoid gives exactly 0, never inf·0.
        string slopeTerm = PtxMathLibrary.Multiply(w, PtxMathLibrary.Multiply(w, PtxMathLibrary.Multiply(w, sigmoid, complement), innerSlope), z);
        string derivative = w.F();
        w.Op($"add.rn.f32 {derivative}, {sigmoid}, {slopeTerm}");
        return PtxMathLibrary.Multiply(w, dy, derivative);
    }

    /// <summary>2u = 2√(2/π)·z·(1 + 0.044715z²).</summary>
    private static string TwiceInner(PtxWriter w, string z)
    {
        string square = PtxMathLibrary.Multiply(w, z, z);
        string cubicFactor = w.F();
        w.Op($"fma.rn.f32 {cubicFactor}, {square}, {PtxWriter.Float(CubicCoefficient)}, {PtxWriter.Float(1.0)}");
        string scaled = w.F();
        w.Op($"mul.rn.f32 {scaled}, {z}, {PtxWriter.Float(2 * SqrtTwoOverPi)}");
        return PtxMathLibrary.Multiply(w, scaled, cubicFactor);
    }

    /// <summary>test &gt; 0 ? whenPositive : otherwise.</summary>
    private static string SelectPositive(PtxWriter w, string test, string whenPositive, string otherwise)
    {
        string positive = w.P(), result = w.F();
        w.Op($"setp.gt.f32 {positive}, {test}, {PtxWriter.Float(0.0)}");
        w.Op($"selp.f32 {result}, {whenPositive}, {otherwise}, {positive}");
        return result;
    }
}
