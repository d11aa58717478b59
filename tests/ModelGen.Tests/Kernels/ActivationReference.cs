using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Scalar double references for the activations, built from methods independent of the kernels'
/// (series and continued fractions instead of fitted polynomials) and accurate to a few ulp.
/// </summary>
internal static class ActivationReference
{
    private const double InverseSqrtPi = 0.56418958354775628695;
    private const double InverseSqrtTwoPi = 0.39894228040143267794;
    private const double SqrtTwoOverPi = 0.79788456080286535588;

    public static double Forward(ActivationKind kind, double alpha, double z) => kind switch
    {
        ActivationKind.Identity => z,
        ActivationKind.Sigmoid => Sigmoid(z),
        ActivationKind.Tanh => Math.Tanh(z),
        ActivationKind.Relu => z > 0 ? z : 0,
        ActivationKind.LeakyRelu => z > 0 ? z : alpha * z,
        ActivationKind.Gelu => z * NormalCdf(z),
        ActivationKind.GeluTanh => z * Sigmoid(GeluTanhTwiceInner(z)),
        ActivationKind.Silu => z * Sigmoid(z),
        ActivationKind.Softplus => Math.Max(z, 0) + Log1p(Math.Exp(-Math.Abs(z))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>f'(z).</summary>
    public static double Derivative(ActivationKind kind, double alpha, double z)
    {
        switch (kind)
        {
            case ActivationKind.Identity: return 1;
            case ActivationKind.Sigmoid: return Sigmoid(z) * Sigmoid(-z);
            case ActivationKind.Tanh:
                double e = Math.Exp(-2 * Math.Abs(z));
                return 4 * e / ((1 + e) * (1 + e));
            case ActivationKind.Relu: return z > 0 ? 1 : 0;
            case ActivationKind.LeakyRelu: return z > 0 ? 1 : alpha;
            case ActivationKind.Gelu:
                return NormalCdf(z) + (Math.Abs(z) > 40 ? 0 : z * InverseSqrtTwoPi * ExpOfNegativeHalfSquare(z));
            case ActivationKind.GeluTanh:
                double zc = Math.Clamp(z, -100, 100);
                double twiceInner = GeluTanhTwiceInner(zc);
                double slope = 2 * SqrtTwoOverPi * (1 + 3 * 0.044715 * zc * zc);
                return Sigmoid(twiceInner) + Sigmoid(twiceInner) * Sigmoid(-twiceInner) * slope * z;
            case ActivationKind.Silu: return Sigmoid(z) * (1 + z * Sigmoid(-z));
            case ActivationKind.Softplus: return Sigmoid(z);
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>ln(1+u) with the classic correction for the rounding of 1+u, or its series for tiny u.</summary>
    public static double Log1p(double u)
    {
        if (Math.Abs(u) < 1e-4) return u * (1 - u * (0.5 - u * (1.0 / 3 - u * 0.25)));
        double w = 1 + u;
        return Math.Log(w) - ((w - 1) - u) / w;
    }

    /// <summary>Φ(z), the standard normal CDF.</summary>
    public static double NormalCdf(double z)
    {
        double x = z / Math.Sqrt(2);
        if (Math.Abs(x) < 0.5) return 0.5 + 0.5 * ErfSeries(x);
        double smallerTail = 0.5 * ErfcContinuedFraction(Math.Abs(x), ExpOfNegativeHalfSquare(z));
        return z < 0 ? smallerTail : 1 - smallerTail;
    }

    public static double Erf(double x)
        => Math.Abs(x) < 1 ? ErfSeries(x) : Math.CopySign(1 - ErfcContinuedFraction(Math.Abs(x), ExpOfNegativeSquare(x)), x);

    public static double Erfc(double x)
    {
        if (Math.Abs(x) < 0.5) return 1 - ErfSeries(x);
        double tail = ErfcContinuedFraction(Math.Abs(x), ExpOfNegativeSquare(x));
        return x > 0 ? tail : 2 - tail;
    }

    private static double GeluTanhTwiceInner(double z) => 2 * SqrtTwoOverPi * (z + 0.044715 * z * z * z);

    /// <summary>
    /// erf(x) = (2/√π)·Σ (-1)^n x^(2n+1)/(n!(2n+1)) for |x| &lt; 1, where the terms shrink from the
    /// first on; summed smallest first.
    /// </summary>
    private static double ErfSeries(double x)
    {
        Span<double> terms = stackalloc double[40];
        double square = x * x, power = x;
        int count = 0;
        for (int n = 0; n < terms.Length; n++)
        {
            terms[count++] = power / (2 * n + 1);
            power *= -square / (n + 1);
            if (Math.Abs(power) < 1e-20 * Math.Abs(x)) break;
        }
        double sum = 0;
        for (int i = count - 1; i >= 0; i--) sum += terms[i];
        return 2 * InverseSqrtPi * sum;
    }

    /// <summary>
    /// erfc(a) for a &gt;= 1/2 from its continued fraction e^(-a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))),
    /// evaluated from the bottom up; <paramref name="gaussian"/> is e^(-a²), supplied exactly by the caller.
    /// </summary>
    private static double ErfcContinuedFraction(double a, double gaussian)
    {
        if (gaussian == 0) return 0;
        int terms = a < 2 ? 4000 : 200;
        double f = a;
        for (int k = terms; k >= 1; k--) f = a + 0.5 * k / f;
        return gaussian * InverseSqrtPi / f;
    }

    private static double ExpOfNegativeSquare(double x)
    {
        double hi = x * x, lo = Math.FusedMultiplyAdd(x, x, -hi);
        return Math.Exp(-hi) * (1 - lo);
    }

    private static double ExpOfNegativeHalfSquare(double z)
    {
        double hi = z * z, lo = Math.FusedMultiplyAdd(z, z, -hi);
        return Math.Exp(-0.5 * hi) * (1 - 0.5 * lo);
    }
}
