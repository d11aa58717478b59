using System;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// exp, log and the special functions the activations and losses need, written inline as PTX
/// arithmetic (no libdevice, no calls) and branch-free (both sides computed, selp picks one), so
/// every lane of a warp runs the same instructions. Accuracy targets the CPU kernels' float32
/// results within a few ulp; each function says how.
/// </summary>
internal static class PtxMathLibrary
{
    private const double Log2E = 1.4426950408889634;
    // ln 2 split so that n·Ln2High is exact for |n| < 2^11 (Cody–Waite range reduction).
    private const float Ln2High = 0.693145751953125f;
    private const float Ln2Low = 1.428606765330187e-06f;

    /// <summary>
    /// e^x: n = rint(x·log2 e), r = x − n·ln2 in two steps (|r| ≤ ln2/2, nearly exact), e^r =
    /// ex2.approx(r·log2 e) on a reduced argument where its relative error is ~2^-22, then ·2^n built
    /// exactly from exponent bits in two halves so that subnormal results and overflow come out right.
    /// </summary>
    public static string Exp(PtxWriter w, string x)
    {
        string clamped = w.F();
        w.Op($"max.f32 {clamped}, {x}, {PtxWriter.Float(-104.0)}");
        w.Op($"min.f32 {clamped}, {clamped}, {PtxWriter.Float(89.0)}");
        string scaled = w.F();
        w.Op($"mul.rn.f32 {scaled}, {clamped}, {PtxWriter.Float(Log2E)}");
        string n = w.F();
        w.Op($"cvt.rni.f32.f32 {n}, {scaled}");
        string r = w.F();
        w.Op($"fma.rn.f32 {r}, {n}, {PtxWriter.Float(-Ln2High)}, {clamped}");
        w.Op($"fma.rn.f32 {r}, {n}, {PtxWriter.Float(-Ln2Low)}, {r}");
        string fraction = w.F();
        w.Op($"mul.rn.f32 {fraction}, {r}, {PtxWriter.Float(Log2E)}");
        string power = w.F();
        w.Op($"ex2.approx.f32 {power}, {fraction}");
        // 2^n = 2^half · 2^(n − half), each factor a normal float for n in [-151, 129].
        string whole = w.R();
        w.Op($"cvt.rzi.s32.f32 {whole}, {n}");
        string half = w.R();
        w.Op($"shr.s32 {half}, {whole}, 1");
        string rest = w.R();
        w.Op($"sub.s32 {rest}, {whole}, {half}");
        string result = w.F();
        w.Op($"mul.rn.f32 {result}, {power}, {PowerOfTwo(w, half)}");
        w.Op($"mul.rn.f32 {result}, {result}, {PowerOfTwo(w, rest)}");
        return result;
    }

    /// <summary>2^k for an integer register k in [-126, 127], from exponent bits (exact).</summary>
    private static string PowerOfTwo(PtxWriter w, string k)
    {
        string bits = w.R();
        w.Op($"add.s32 {bits}, {k}, 127");
        w.Op($"shl.b32 {bits}, {bits}, 23");
        string value = w.F();
        w.Op($"mov.b32 {value}, {bits}");
        return value;
    }

    /// <summary>
    /// ln x for positive normal x: x = 2^e·m with m in [√½, √2), ln m = 2·atanh(s), s = (m−1)/(m+1)
    /// (m − 1 is exact, so ln m keeps full relative accuracy near 1, which lg2.approx's absolute
    /// error would not), |s| ≤ 0.172 so five odd terms reach 2^-26.
    /// </summary>
    public static string Log(PtxWriter w, string x)
    {
        string bits = w.R();
        w.Op($"mov.b32 {bits}, {x}");
        string exponent = w.R();
        w.Op($"shr.u32 {exponent}, {bits}, 23");
        w.Op($"sub.s32 {exponent}, {exponent}, 127");
        string mantissaBits = w.R();
        w.Op($"and.b32 {mantissaBits}, {bits}, 8388607");
        w.Op($"or.b32 {mantissaBits}, {mantissaBits}, 1065353216");
        string m = w.F();
        w.Op($"mov.b32 {m}, {mantissaBits}");
        string large = w.P();
        w.Op($"setp.gt.f32 {large}, {m}, {PtxWriter.Float(1.41421356)}");
        string halved = w.F();
        w.Op($"mul.rn.f32 {halved}, {m}, {PtxWriter.Float(0.5)}");
        w.Op($"selp.f32 {m}, {halved}, {m}, {large}");
        string bumped = w.R();
        w.Op($"add.s32 {bumped}, {exponent}, 1");
        w.Op($"selp.b32 {exponent}, {bumped}, {exponent}, {large}");
        string numerator = w.F(), denominator = w.F(), s = w.F();
        w.Op($"sub.rn.f32 {numerator}, {m}, {PtxWriter.Float(1.0)}");
        w.Op($"add.rn.f32 {denominator}, {m}, {PtxWriter.Float(1.0)}");
        w.Op($"div.rn.f32 {s}, {numerator}, {denominator}");
        string s2 = w.F();
        w.Op($"mul.rn.f32 {s2}, {s}, {s}");
        string series = Horner(w, s2, new[] { 2.0 / 9, 2.0 / 7, 2.0 / 5, 2.0 / 3, 2.0 });
        string lnM = w.F();
        w.Op($"mul.rn.f32 {lnM}, {series}, {s}");
        string e = w.F();
        w.Op($"cvt.rn.f32.s32 {e}, {exponent}");
        string result = w.F();
        w.Op($"fma.rn.f32 {result}, {e}, {PtxWriter.Float(Ln2Low)}, {lnM}");
        w.Op($"fma.rn.f32 {result}, {e}, {PtxWriter.Float(Ln2High)}, {result}");
        return result;
    }

    /// <summary>Evaluates a polynomial (coefficients from the highest degree down) by Horner's rule with fma.</summary>
    public static string Horner(PtxWriter w, string x, double[] coefficients)
    {
        string result = w.Const(coefficients[0]);
        for (int i = 1; i < coefficients.Length; i++)
            w.Op($"fma.rn.f32 {result}, {result}, {x}, {PtxWriter.Float(coefficients[i])}");
        return result;
    }

    /// <summary>
    /// e^x − 1 without cancellation: below |x| = ½ the Taylor series x + x²(1/2 + x/6 + … + x^7/8!)
    /// (truncation under 2^-30); beyond, e^x − 1 loses at most a factor 2.6 of exp's rounding.
    /// </summary>
    public static string Expm1(PtxWriter w, string x)
    {
        var quotient = new double[8];
        double factorial = 2;
        for (int k = 0; k < 8; k++)
        {
            quotient[7 - k] = 1 / factorial;
            factorial *= k + 3;
        }
        string q = Horner(w, x, quotient);
        string square = w.F();
        w.Op($"mul.rn.f32 {square}, {x}, {x}");
        string near = w.F();
        w.Op($"fma.rn.f32 {near}, {square}, {q}, {x}");
        string far = w.F();
        w.Op($"sub.rn.f32 {far}, {Exp(w, x)}, {PtxWriter.Float(1.0)}");
        string magnitude = w.F();
        w.Op($"abs.f32 {magnitude}, {x}");
        string small = w.P();
        w.Op($"setp.lt.f32 {small}, {magnitude}, {PtxWriter.Float(0.5)}");
        string result = w.F();
        w.Op($"selp.f32 {result}, {near}, {far}, {small}");
        return result;
    }

    /// <summary>
    /// ln(1 + u) for u &gt; −1: w = 1 + u rounds, but d = w − 1 is exact, so ln(w)·u/d corrects the
    /// rounding to first order; when w rounds to 1 the answer is u itself.
    /// </summary>
    public static string Log1p(PtxWriter w, string u)
    {
        string sum = w.F();
        w.Op($"add.rn.f32 {sum}, {u}, {PtxWriter.Float(1.0)}");
        string d = w.F();
        w.Op($"sub.rn.f32 {d}, {sum}, {PtxWriter.Float(1.0)}");
        string ratio = w.F();
        w.Op($"div.rn.f32 {ratio}, {u}, {d}");
        string corrected = w.F();
        w.Op($"mul.rn.f32 {corrected}, {Log(w, sum)}, {ratio}");
        string changed = w.P();
        w.Op($"setp.ne.f32 {changed}, {d}, {PtxWriter.Float(0.0)}");
        string result = w.F();
        w.Op($"selp.f32 {result}, {corrected}, {u}, {changed}");
        return result;
    }

    /// <summary>e^-|x|, the one exponential that sigmoid, softplus and BCE share; never overflows.</summary>
    public static string ExpOfNegativeMagnitude(PtxWriter w, string x)
    {
        string negative = w.F();
        w.Op($"abs.f32 {negative}, {x}");
        w.Op($"neg.f32 {negative}, {negative}");
        return Exp(w, negative);
    }

    /// <summary>σ(x) = (x &gt; 0 ? 1 : e)/(1 + e) with e = e^-|x|: one division, no overflow.</summary>
    public static string Sigmoid(PtxWriter w, string x)
    {
        string e = ExpOfNegativeMagnitude(w, x);
        string positive = w.P();
        w.Op($"setp.gt.f32 {positive}, {x}, {PtxWriter.Float(0.0)}");
        string numerator = w.F();
        w.Op($"selp.f32 {numerator}, {PtxWriter.Float(1.0)}, {e}, {positive}");
        string denominator = w.F();
        w.Op($"add.rn.f32 {denominator}, {e}, {PtxWriter.Float(1.0)}");
        string result = w.F();
        w.Op($"div.rn.f32 {result}, {numerator}, {denominator}");
        return result;
    }

    /// <summary>σ(x) and 1 − σ(x), each either 1/(1+e) or e/(1+e), never a difference.</summary>
    public static (string Sigmoid, string Complement) SigmoidAndComplement(PtxWriter w, string x)
    {
        string e = ExpOfNegativeMagnitude(w, x);
        string denominator = w.F();
        w.Op($"add.rn.f32 {denominator}, {e}, {PtxWriter.Float(1.0)}");
        string reciprocal = w.F();
        w.Op($"div.rn.f32 {reciprocal}, {PtxWriter.Float(1.0)}, {denominator}");
        string small = w.F();
        w.Op($"mul.rn.f32 {small}, {e}, {reciprocal}");
        string positive = w.P();
        w.Op($"setp.gt.f32 {positive}, {x}, {PtxWriter.Float(0.0)}");
        string sigmoid = w.F(), complement = w.F();
        w.Op($"selp.f32 {sigmoid}, {reciprocal}, {small}, {positive}");
        w.Op($"selp.f32 {complement}, {small}, {reciprocal}, {positive}");
        return (sigmoid, complement);
    }

    /// <summary>tanh x = sign(x)·(−m)/(2 + m) with m = expm1(−2|x|): no overflow, exact near 0.</summary>
    public static string Tanh(PtxWriter w, string x)
    {
        string argument = w.F();
        w.Op($"abs.f32 {argument}, {x}");
        w.Op($"mul.rn.f32 {argument}, {argument}, {PtxWriter.Float(-2.0)}");
        string m = Expm1(w, argument);
        string numerator = w.F(), denominator = w.F(), magnitude = w.F();
        w.Op($"neg.f32 {numerator}, {m}");
        w.Op($"add.rn.f32 {denominator}, {m}, {PtxWriter.Float(2.0)}");
        w.Op($"div.rn.f32 {magnitude}, {numerator}, {denominator}");
        return CopySign(w, magnitude, x);
    }

    /// <summary>|magnitude| with the sign of x (negative zero counts as positive).</summary>
    public static string CopySign(PtxWriter w, string magnitude, string x)
    {
        string negative = w.P();
        w.Op($"setp.lt.f32 {negative}, {x}, {PtxWriter.Float(0.0)}");
        string flipped = w.F(), result = w.F();
        w.Op($"neg.f32 {flipped}, {magnitude}");
        w.Op($"selp.f32 {result}, {flipped}, {magnitude}, {negative}");
        return result;
    }

    /// <summary>softplus x = max(x, 0) + log1p(e^-|x|).</summary>
    public static string Softplus(PtxWriter w, string x)
    {
        string positivePart = w.F();
        w.Op($"max.f32 {positivePart}, {x}, {PtxWriter.Float(0.0)}");
        string tail = Log1p(w, ExpOfNegativeMagnitude(w, x));
        string result = w.F();
        w.Op($"add.rn.f32 {result}, {positivePart}, {tail}");
        return result;
    }

    public static string Multiply(PtxWriter w, string a, string b)
    {
        string result = w.F();
        w.Op($"mul.rn.f32 {result}, {a}, {b}");
        return result;
    }

    public static string Clamp(PtxWriter w, string x, double limit)
    {
        string result = w.F();
        w.Op($"max.f32 {result}, {x}, {PtxWriter.Float(-limit)}");
        w.Op($"min.f32 {result}, {result}, {PtxWriter.Float(limit)}");
        return result;
    }
}
