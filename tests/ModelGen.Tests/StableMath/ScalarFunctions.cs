using SM = ModelGen.StableMath;

namespace ModelGen.Tests.StableMath;

/// <summary>Every scalar StableMath function by its reference-table name, in each precision.</summary>
internal static class ScalarFunctions
{
    public static readonly IReadOnlyDictionary<string, Func<double, double>> UnaryDouble = new Dictionary<string, Func<double, double>>
    {
        ["Log1P"] = SM.Log1P, ["ExpM1"] = SM.ExpM1, ["Sigmoid"] = SM.Sigmoid, ["LogSigmoid"] = SM.LogSigmoid,
        ["Softplus"] = SM.Softplus, ["Log1MExp"] = SM.Log1MExp, ["Erf"] = SM.Erf, ["Erfc"] = SM.Erfc,
        ["LogNdtr"] = SM.LogNdtr, ["LogGamma"] = SM.LogGamma, ["Tanh"] = SM.Tanh,
    };

    public static readonly IReadOnlyDictionary<string, Func<float, float>> UnaryFloat = new Dictionary<string, Func<float, float>>
    {
        ["Log1P"] = SM.Log1P, ["ExpM1"] = SM.ExpM1, ["Sigmoid"] = SM.Sigmoid, ["LogSigmoid"] = SM.LogSigmoid,
        ["Softplus"] = SM.Softplus, ["Log1MExp"] = SM.Log1MExp, ["Erf"] = SM.Erf, ["Erfc"] = SM.Erfc,
        ["LogNdtr"] = SM.LogNdtr, ["LogGamma"] = SM.LogGamma, ["Tanh"] = SM.Tanh,
    };

    public static readonly IReadOnlyDictionary<string, Func<Half, Half>> UnaryHalf = new Dictionary<string, Func<Half, Half>>
    {
        ["Log1P"] = SM.Log1P, ["ExpM1"] = SM.ExpM1, ["Sigmoid"] = SM.Sigmoid, ["LogSigmoid"] = SM.LogSigmoid,
        ["Softplus"] = SM.Softplus, ["Log1MExp"] = SM.Log1MExp, ["Erf"] = SM.Erf, ["Erfc"] = SM.Erfc,
        ["LogNdtr"] = SM.LogNdtr, ["LogGamma"] = SM.LogGamma, ["Tanh"] = SM.Tanh,
    };

    public static readonly IReadOnlyDictionary<string, Func<double, double, double>> BinaryDouble = new Dictionary<string, Func<double, double, double>>
    {
        ["Hypot"] = SM.Hypot, ["LogAddExp"] = SM.LogAddExp, ["XLogY"] = SM.XLogY, ["XLog1PY"] = SM.XLog1PY,
        ["BinaryCrossEntropyWithLogits"] = SM.BinaryCrossEntropyWithLogits,
    };

    public static readonly IReadOnlyDictionary<string, Func<float, float, float>> BinaryFloat = new Dictionary<string, Func<float, float, float>>
    {
        ["Hypot"] = SM.Hypot, ["LogAddExp"] = SM.LogAddExp, ["XLogY"] = SM.XLogY, ["XLog1PY"] = SM.XLog1PY,
        ["BinaryCrossEntropyWithLogits"] = SM.BinaryCrossEntropyWithLogits,
    };

    public static readonly IReadOnlyDictionary<string, Func<Half, Half, Half>> BinaryHalf = new Dictionary<string, Func<Half, Half, Half>>
    {
        ["Hypot"] = SM.Hypot, ["LogAddExp"] = SM.LogAddExp, ["XLogY"] = SM.XLogY, ["XLog1PY"] = SM.XLog1PY,
        ["BinaryCrossEntropyWithLogits"] = SM.BinaryCrossEntropyWithLogits,
    };

    public static TheoryData<string> UnaryNames() => new(UnaryDouble.Keys);

    public static TheoryData<string> BinaryNames() => new(BinaryDouble.Keys);
}
