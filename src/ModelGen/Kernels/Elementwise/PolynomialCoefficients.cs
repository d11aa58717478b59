namespace ModelGen.Kernels;

/// <summary>
/// Minimax polynomial tables for the special functions in <see cref="VectorMath{TVec, T, TOps}"/>
/// and <see cref="ErrorFunction{TVec, T, TOps}"/>, highest degree first. They were fitted for
/// this project by fit_polynomials.py (beside this file; Remez exchange on the relative error in
/// 50-digit arithmetic) and are not taken from any library. The single-precision tables are shorter
/// because they only need 2^-24.
/// <para>
/// Arrays rather than ReadOnlySpan properties over constant data: in a Debug build the JIT does not
/// expand RuntimeHelpers.CreateSpan, and every read of such a property allocates.
/// </para>
/// </summary>
internal static class PolynomialCoefficients
{
    /// <summary>erf(x) uses x·ErfSmall(x²) below this |x| and 1 - erfc(|x|) from it up.</summary>
    public const double ErfPolynomialLimit = 0.5;

    /// <summary>Centre K of the tail substitution t = (a - K)/(a + K).</summary>
    public const double ErfcTailCentre = 3.5;

    /// <summary>erfc(a) is below the smallest subnormal beyond these; the tail fit ends there.</summary>
    public const double ErfcUnderflowDouble = 27.5, ErfcUnderflowSingle = 10.5;

    /// <summary>expm1 uses its polynomial below this |x| and exp(x) - 1 from it up.</summary>
    public const double Expm1PolynomialLimit = 0.5;

    /// <summary>ErfSmallSingle: 5 terms, minimax relative error 1.35e-9.</summary>
    public static readonly float[] ErfSmallSingle =
    [
        0.00471799f, -0.026757184f, 0.112828225f, -0.37612608f, 1.1283791f
    ];

    /// <summary>ErfSmallDouble: 9 terms, minimax relative error 3.93e-18.</summary>
    public static readonly double[] ErfSmallDouble =
    [
        1.4723212807787144e-06, -1.4845583466567849e-05, 0.00012053324301724437, -0.0008548297524119426,
        0.005223977370322788, -0.026866170632715534, 0.11283791670924812, -0.37612638903183465,
        1.1283791670955126
    ];

    /// <summary>ErfcxTailSingle: 10 terms, minimax relative error 9.9e-10.</summary>
    public static readonly float[] ErfcxTailSingle =
    [
        0.0006121426f, -0.0013501683f, -0.0031321417f, 0.026534714f, -0.09232707f, 0.22573645f, -0.43525538f,
        0.69411373f, -0.93779975f, 1.0870556f
    ];

    /// <summary>ErfcxTailDouble: 21 terms, minimax relative error 5.06e-18.</summary>
    public static readonly double[] ErfcxTailDouble =
    [
        9.84680848891179e-09, -1.1938122503975033e-08, -8.576185173689771e-08, 1.0364543519883588e-07,
        5.532169638635278e-07, -7.875142986475618e-07, -3.3938139683156158e-06, 7.240316824580068e-06,
        1.8647912599649993e-05, -7.477603872605135e-05, -4.2062346385091506e-05, 0.000714531506487234,
        -0.0013053546638673817, -0.003177050324503584, 0.026518619879183462, -0.09231870663947501,
        0.22573862164752312, -0.43525602671686503, 0.6941136466346425, -0.9377997245671121, 1.08705558926226
    ];

    /// <summary>Expm1QuotientSingle: 7 terms, minimax relative error 6.72e-10.</summary>
    public static readonly float[] Expm1QuotientSingle =
    [
        2.4841678e-05f, 0.00019961956f, 0.001388904f, 0.008333183f, 0.041666664f, 0.16666667f, 0.5f
    ];

    /// <summary>Expm1QuotientDouble: 12 terms, minimax relative error 2.73e-18.</summary>
    public static readonly double[] Expm1QuotientDouble =
    [
        1.6078126031001048e-10, 2.096285256118508e-09, 2.5052210308595344e-08, 2.755707728173433e-07,
        2.7557318775240246e-06, 2.4801587614735043e-05, 0.0001984126984186623, 0.0013888888888705807,
        0.008333333333333038, 0.04166666666666706, 0.16666666666666666, 0.5
    ];
}
