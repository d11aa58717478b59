namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// σ(x) = 1/(1 + e⁻ˣ) for any x, full relative accuracy in both tails (subnormal results for x &lt; −708).
    /// Within 1 ulp for double, float and Half.
    /// Naive <c>Math.Exp(x) / (1 + Math.Exp(x))</c> is ∞/∞ = NaN for x &gt; 709.78.
    /// </summary>
    public static double Sigmoid(double x)
    {
        if (!(Math.Abs(x) < 700))
        {
            // Saturated (1, or eˣ itself once eˣ/(1 + eˣ) = eˣ to the last bit), ±∞ and NaN.
            double tiny = Math.Exp(-Math.Abs(x));
            return x >= 0 ? 1.0 / (1.0 + tiny) : tiny / (1.0 + tiny);
        }
        // With e = e^−|x| ∈ (0, 1] nothing overflows, and σ is 1/(1 + e) or e/(1 + e), never a
        // difference; double-double e and quotients keep the three roundings from adding up to 2 ulp.
        var e = DoubleDouble.Exp((-Math.Abs(x), 0.0));
        var reciprocal = DoubleDouble.Reciprocal(DoubleDouble.Add((1.0, 0.0), e));
        var result = x >= 0 ? reciprocal : DoubleDouble.Multiply(e, reciprocal);
        return result.Hi + result.Lo;
    }

    /// <inheritdoc cref="Sigmoid(double)"/>
    public static float Sigmoid(float x) => (float)Sigmoid((double)x);

    /// <inheritdoc cref="Sigmoid(double)"/>
    public static Half Sigmoid(Half x) => (Half)Sigmoid((double)x);

    /// <summary>
    /// softplus(x) = ln(1 + eˣ) = max(x, 0) + log1p(e^−|x|): never overflows, eˣ-accurate for very negative x;
    /// the log1p term is double-double where it matters (|x| &lt; 40).
    /// Within 1 ulp for double, float and Half.
    /// Naive <c>Math.Log(1 + Math.Exp(x))</c> is +∞ for x &gt; 709.78 and 0 for x &lt; −36.7.
    /// </summary>
    public static double Softplus(double x)
    {
        if (Math.Abs(x) < 40)
        {
            var result = SoftplusDoubleDouble(x);
            return result.Hi + result.Lo;
        }
        // Beyond ±40, e^−|x| < 2^-57: softplus is x + e⁻ˣ (which rounds to x) or eˣ(1 − eˣ/2) (which rounds
        // to eˣ). Also ±∞ (+∞, 0) and NaN.
        return x > 0 ? x + Math.Exp(-x) : Math.Exp(x);
    }

    /// <inheritdoc cref="Softplus(double)"/>
    public static float Softplus(float x) => (float)Softplus((double)x);

    /// <inheritdoc cref="Softplus(double)"/>
    public static Half Softplus(Half x) => (Half)Softplus((double)x);

    /// <summary>
    /// ln σ(x) = −softplus(−x) for any x: ≈ x for very negative x, ≈ −e⁻ˣ for large x.
    /// Within 1 ulp.
    /// Naive <c>Math.Log(Sigmoid(x))</c> is −∞ once σ underflows (x &lt; −745) and 0 once σ rounds to 1 (x &gt; 36.7).
    /// </summary>
    public static double LogSigmoid(double x) => -Softplus(-x);

    /// <inheritdoc cref="LogSigmoid(double)"/>
    public static float LogSigmoid(float x) => (float)LogSigmoid((double)x);

    /// <inheritdoc cref="LogSigmoid(double)"/>
    public static Half LogSigmoid(Half x) => (Half)LogSigmoid((double)x);

    /// <summary>
    /// Binary cross-entropy of a logit against a target t ∈ [0, 1]: −t·ln σ(x) − (1 − t)·ln(1 − σ(x)),
    /// evaluated as (1 − t)·softplus(x) + t·softplus(−x), a sum of two non-negative terms, so nothing
    /// cancels and neither saturated σ nor large logits matter.
    /// Within 1 ulp (double-double terms, one final rounding).
    /// Naive <c>-(t*Math.Log(p) + (1-t)*Math.Log(1-p))</c> on p = σ(x) is +∞ once σ rounds to 0 or 1 (|x| &gt; 36.7).
    /// </summary>
    public static double BinaryCrossEntropyWithLogits(double logit, double target)
    {
        if (!double.IsFinite(logit) || !double.IsFinite(target))
        {
            // A zero weight must not multiply an infinite softplus (0·∞ = NaN) when the logit is ±∞.
            double whenPositive = target == 1.0 ? 0.0 : (1.0 - target) * Softplus(logit);
            double whenNegative = target == 0.0 ? 0.0 : target * Softplus(-logit);
            return whenPositive + whenNegative;
        }
        // Both softplus terms, the weight 1 − t and the products in two parts: three roundings in a row
        // would otherwise add up to about two ulp.
        var positive = SoftplusDoubleDouble(logit);
        var negative = SoftplusDoubleDouble(-logit);
        double complement = DoubleDouble.TwoSum(1.0, -target, out double complementLow);
        var sum = DoubleDouble.Add(
            DoubleDouble.Multiply((complement, complementLow), positive),
            DoubleDouble.Multiply((target, 0.0), negative));
        return sum.Hi + sum.Lo;
    }

    /// <summary>softplus(x) = max(x, 0) + log1p(e^−|x|) for finite x, in double-double.</summary>
    private static (double Hi, double Lo) SoftplusDoubleDouble(double x)
    {
        var tail = DoubleDouble.Log1P(DoubleDouble.Exp((-Math.Abs(x), 0.0)));
        return DoubleDouble.Add((Math.Max(x, 0.0), 0.0), tail);
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits(double, double)"/>
    public static float BinaryCrossEntropyWithLogits(float logit, float target)
        => (float)BinaryCrossEntropyWithLogits((double)logit, target);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits(double, double)"/>
    public static Half BinaryCrossEntropyWithLogits(Half logit, Half target)
        => (Half)BinaryCrossEntropyWithLogits((double)logit, (double)target);

    /// <summary>
    /// tanh x for any x (±1 beyond ±19.1, −0 kept), within 1 ulp: (1 − e)/(1 + e) with e = e^−2|x| in
    /// double-double, and the Taylor series x − x³/3 + 2x⁵/15 below |x| = 2^-14 where 1 − e would cancel.
    /// (The runtime's <see cref="Math.Tanh"/> is also stable, to 2 ulp.)
    /// Naive <c>(Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + Math.Exp(-x))</c> is NaN for |x| &gt; 709.78
    /// and the 2/(1 + e^−2x) − 1 form loses all accuracy near 0.
    /// </summary>
    public static double Tanh(double x)
    {
        double a = Math.Abs(x);
        if (!(a < 19.1))
            return double.IsNaN(x) ? x : Math.CopySign(1.0, x); // 1 − tanh a = 2e^−2a/(1 + e^−2a) < 2^-54
        if (a < 7.450580596923828e-09) // 2^-27: x³/3 is below half an ulp of x; also keeps −0
            return x;
        if (a < 6.103515625e-05) // 2^-14
        {
            double square = x * x;
            return Math.FusedMultiplyAdd(x * square, -1.0 / 3 + square * (2.0 / 15), x);
        }
        var e = DoubleDouble.Exp((-2.0 * a, 0.0));
        var numerator = DoubleDouble.Add((1.0, 0.0), (-e.Hi, -e.Lo));
        var quotient = DoubleDouble.Multiply(numerator, DoubleDouble.Reciprocal(DoubleDouble.Add((1.0, 0.0), e)));
        return Math.CopySign(quotient.Hi + quotient.Lo, x);
    }

    /// <inheritdoc cref="Tanh(double)"/>
    public static float Tanh(float x) => (float)Tanh((double)x);

    /// <inheritdoc cref="Tanh(double)"/>
    public static Half Tanh(Half x) => (Half)Tanh((double)x);
}
