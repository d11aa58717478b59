namespace ModelGen;

public static partial class StableMath
{
    /// <summary>
    /// eˣ − 1 for any x (−1 at −∞). Within 1 ulp for double, float and Half.
    /// Naive <c>Math.Exp(x) - 1</c> (and .NET's <c>double.ExpM1</c>) keeps only the absolute accuracy of eˣ, so
    /// its relative error is about 1e−16/|x| and the result is 0 for |x| &lt; 1e−16.
    /// </summary>
    public static double ExpM1(double x)
    {
        double magnitude = Math.Abs(x);
        if (magnitude < 5.551115123125783e-17)
            return x; // |x| < 2^-54: eˣ − 1 = x + x²/2 rounds to x; also keeps −0
        if (magnitude < 0.5)
        {
            // Taylor series x + x²·(1/2! + x/3! + … + x^15/17!): the first omitted term is below
            // 2^-62 of the result for |x| < 1/2. Also right for ±0, subnormals and tiny x.
            double p = 1.0 / 355687428096000; // 1/17!
            ReadOnlySpan<double> inverseFactorials = InverseFactorialsFrom16Down;
            foreach (double c in inverseFactorials)
                p = Math.FusedMultiplyAdd(p, x, c);
            return Math.FusedMultiplyAdd(x * x, p, x);
        }
        // From |x| = 1/2 on, eˣ and eˣ − 1 are no more than a binade apart and the subtraction is exact
        // or rounds once, so the error stays near one ulp; ±∞ and NaN pass through.
        return Math.Exp(x) - 1.0;
    }

    /// <inheritdoc cref="ExpM1(double)"/>
    public static float ExpM1(float x) => (float)ExpM1((double)x);

    /// <inheritdoc cref="ExpM1(double)"/>
    public static Half ExpM1(Half x) => (Half)ExpM1((double)x);

    // 1/16!, 1/15!, …, 1/2!: Horner coefficients for (eˣ − 1 − x)/x².
    private static readonly double[] InverseFactorialsFrom16Down = BuildInverseFactorials();

    private static double[] BuildInverseFactorials()
    {
        var coefficients = new double[15];
        for (int n = 16; n >= 2; n--)
        {
            double factorial = 1;
            for (int i = 2; i <= n; i++)
                factorial *= i; // exact: n! < 2^53 for n ≤ 18
            coefficients[16 - n] = 1.0 / factorial;
        }
        return coefficients;
    }
}
