namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// The standard normal CDF Φ(z) = ½·erfc(−z/√2) for exact GELU, in PTX arithmetic. Two pieces,
/// both computed and one selected per lane (x = z/√2, a = |x|):
/// <list type="bullet">
/// <item>a &lt; 1: Φ = ½ + ½·x·E(x²), E(u) = erf(√u)/√u by its alternating Taylor series
/// (2/√π)·Σ (−u)^n/(n!(2n+1)), 12 terms, truncation below 1e-10;</item>
/// <item>a ≥ 1: erfc(a) = e^(−a²)·erfcx(a), erfcx(a) = P(t)/(a + 2), t = (a − 2)/(a + 2), with P
/// fitted by fit_erfcx.py (Chebyshev interpolation, relative error 4e-9 on [1, 10.5]).</item>
/// </list>
/// e^(−z²/2) uses the exact square z² = hi + lo (lo from fma) so the tail keeps its relative
/// accuracy; GELU's derivative reuses it as the Gaussian density.
/// </summary>
internal static class PtxErrorFunction
{
    private const double InverseSqrt2 = 0.70710678118654752440;
    private const double TailCentre = 2.0;

    /// <summary>Beyond |x| = 10.5 erfc underflows in float; clamping keeps the square finite.</summary>
    private const double UnderflowLimit = 10.5;

    /// <summary>P(t), highest degree first (output of fit_erfcx.py, K = 2, degree 8).</summary>
    private static readonly double[] ErfcxTail =
    {
        -0.00032480020327098406, -0.0010054202897831546, 0.003040801239608035, 0.0065168561819713726,
        -0.02150910820651182, -0.036444700629576166, 0.27947209793578676, -0.6871606424360147, 1.0215827052402124,
    };

    /// <summary>Φ(z) and e^(−z²/2).</summary>
    public static (string Cdf, string Gaussian) NormalCdf(PtxWriter w, string z)
    {
        string clamped = PtxMathLibrary.Clamp(w, z, UnderflowLimit / InverseSqrt2);
        string hi = w.F(), lo = w.F(), negativeHi = w.F();
        w.Op($"mul.rn.f32 {hi}, {clamped}, {clamped}");
        w.Op($"neg.f32 {negativeHi}, {hi}");
        w.Op($"fma.rn.f32 {lo}, {clamped}, {clamped}, {negativeHi}");
        // e^(−(hi + lo)/2) = e^(−hi/2)·(1 − lo/2) to first order in the tiny lo.
        string halfHi = w.F(), halfLo = w.F();
        w.Op($"mul.rn.f32 {halfHi}, {negativeHi}, {PtxWriter.Float(0.5)}");
        w.Op($"mul.rn.f32 {halfLo}, {lo}, {PtxWriter.Float(0.5)}");
        string e = PtxMathLibrary.Exp(w, halfHi);
        string negativeE = w.F(), gaussian = w.F();
        w.Op($"neg.f32 {negativeE}, {e}");
        w.Op($"fma.rn.f32 {gaussian}, {negativeE}, {halfLo}, {e}");

        string x = w.F(), a = w.F();
        w.Op($"mul.rn.f32 {x}, {clamped}, {PtxWriter.Float(InverseSqrt2)}");
        w.Op($"abs.f32 {a}, {x}");

        string u = PtxMathLibrary.Multiply(w, x, x);
        string series = PtxMathLibrary.Horner(w, u, ErfSeries());
        string halfX = w.F(), central = w.F();
        w.Op($"mul.rn.f32 {halfX}, {x}, {PtxWriter.Float(0.5)}");
        w.Op($"fma.rn.f32 {central}, {halfX}, {series}, {PtxWriter.Float(0.5)}");

        string sum = w.F(), reciprocal = w.F(), difference = w.F(), t = w.F();
        w.Op($"add.rn.f32 {sum}, {a}, {PtxWriter.Float(TailCentre)}");
        w.Op($"div.rn.f32 {reciprocal}, {PtxWriter.Float(1.0)}, {sum}");
        w.Op($"sub.rn.f32 {difference}, {a}, {PtxWriter.Float(TailCentre)}");
        w.Op($"mul.rn.f32 {t}, {difference}, {reciprocal}");
        string p = PtxMathLibrary.Horner(w, t, ErfcxTail);
        string scaledComplement = PtxMathLibrary.Multiply(w, p, reciprocal);
        string smallerTail = w.F();
        w.Op($"mul.rn.f32 {smallerTail}, {gaussian}, {PtxWriter.Float(0.5)}");
        w.Op($"mul.rn.f32 {smallerTail}, {smallerTail}, {scaledComplement}");
        string largerTail = w.F();
        w.Op($"sub.rn.f32 {largerTail}, {PtxWriter.Float(1.0)}, {smallerTail}");
        string positive = w.P(), tail = w.F();
        w.Op($"setp.gt.f32 {positive}, {clamped}, {PtxWriter.Float(0.0)}");
        w.Op($"selp.f32 {tail}, {largerTail}, {smallerTail}, {positive}");

        string isCentral = w.P(), cdf = w.F();
        w.Op($"setp.lt.f32 {isCentral}, {a}, {PtxWriter.Float(1.0)}");
        w.Op($"selp.f32 {cdf}, {central}, {tail}, {isCentral}");
        return (cdf, gaussian);
    }

    /// <summary>erf(√u)/√u = (2/√π)·Σ_{n=0..11} (−u)^n/(n!(2n+1)), highest degree first.</summary>
    private static double[] ErfSeries()
    {
        const int terms = 12;
        var coefficients = new double[terms];
        double factorial = 1;
        for (int n = 0; n < terms; n++)
        {
            if (n > 0) factorial *= n;
            double sign = n % 2 == 0 ? 1 : -1;
            coefficients[terms - 1 - n] = 1.1283791670955126 * sign / (factorial * (2 * n + 1));
        }
        return coefficients;
    }
}
