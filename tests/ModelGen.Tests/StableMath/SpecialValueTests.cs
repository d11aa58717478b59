using SM = ModelGen.StableMath;

namespace ModelGen.Tests.StableMath;

/// <summary>Signs of zero, infinities and NaN, in every precision.</summary>
public sealed class SpecialValueTests
{
    private static bool IsNegativeZero(double x) => x == 0 && double.IsNegative(x);

    [Fact]
    public void OddFunctionsKeepTheSignOfZero()
    {
        Assert.True(IsNegativeZero(SM.Log1P(-0.0)));
        Assert.True(IsNegativeZero(SM.ExpM1(-0.0)));
        Assert.True(IsNegativeZero(SM.Erf(-0.0)));
        Assert.True(IsNegativeZero(SM.Tanh(-0.0)));
        Assert.True(float.IsNegative(SM.Log1P(-0f)) && SM.Log1P(-0f) == 0);
        Assert.True(float.IsNegative(SM.ExpM1(-0f)) && SM.ExpM1(-0f) == 0);
        Assert.True(Half.IsNegative(SM.Log1P(Half.NegativeZero)) && SM.Log1P(Half.NegativeZero) == Half.Zero);
        Assert.True(Half.IsNegative(SM.Erf(Half.NegativeZero)));
        Assert.False(double.IsNegative(SM.Log1P(0.0)));
        Assert.False(double.IsNegative(SM.ExpM1(0.0)));
    }

    [Fact]
    public void InfinitiesFollowTheLimits()
    {
        Assert.Equal(double.PositiveInfinity, SM.Log1P(double.PositiveInfinity));
        Assert.Equal(double.NegativeInfinity, SM.Log1P(-1.0));
        Assert.True(double.IsNaN(SM.Log1P(-1.5)));
        Assert.True(double.IsNaN(SM.Log1P(double.NegativeInfinity)));
        Assert.Equal(-1.0, SM.ExpM1(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, SM.ExpM1(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, SM.ExpM1(710.0));
        Assert.Equal(1.0, SM.Sigmoid(double.PositiveInfinity));
        Assert.Equal(0.0, SM.Sigmoid(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, SM.Softplus(double.PositiveInfinity));
        Assert.Equal(0.0, SM.Softplus(double.NegativeInfinity));
        Assert.Equal(double.NegativeInfinity, SM.LogSigmoid(double.NegativeInfinity));
        Assert.Equal(0.0, SM.LogSigmoid(double.PositiveInfinity));
        Assert.Equal(double.NegativeInfinity, SM.Log1MExp(0.0));
        Assert.Equal(double.NegativeInfinity, SM.Log1MExp(-0.0));
        Assert.True(double.IsNaN(SM.Log1MExp(1e-300)));
        Assert.Equal(0.0, SM.Log1MExp(double.NegativeInfinity));
        Assert.Equal(1.0, SM.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, SM.Erf(double.NegativeInfinity));
        Assert.Equal(0.0, SM.Erfc(double.PositiveInfinity));
        Assert.Equal(2.0, SM.Erfc(double.NegativeInfinity));
        Assert.Equal(double.NegativeInfinity, SM.LogNdtr(double.NegativeInfinity));
        Assert.Equal(0.0, SM.LogNdtr(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, SM.LogGamma(0.0));
        Assert.Equal(double.PositiveInfinity, SM.LogGamma(double.PositiveInfinity));
        Assert.Equal(double.PositiveInfinity, SM.LogGamma(double.MaxValue));
        Assert.True(double.IsNaN(SM.LogGamma(-1.0)));
        Assert.Equal(double.PositiveInfinity, SM.Hypot(double.NegativeInfinity, double.NaN));
        Assert.Equal(double.PositiveInfinity, SM.Hypot(double.MaxValue, double.MaxValue));
        Assert.Equal(double.PositiveInfinity, SM.LogAddExp(double.PositiveInfinity, 1.0));
        Assert.Equal(double.NegativeInfinity, SM.LogAddExp(double.NegativeInfinity, double.NegativeInfinity));
        Assert.Equal(3.0, SM.LogAddExp(double.NegativeInfinity, 3.0));
        Assert.Equal(0.0, SM.BinaryCrossEntropyWithLogits(double.PositiveInfinity, 1.0));
        Assert.Equal(double.PositiveInfinity, SM.BinaryCrossEntropyWithLogits(double.PositiveInfinity, 0.0));
        Assert.Equal(double.NegativeInfinity, SM.XLogY(1.0, 0.0));
        Assert.Equal(float.PositiveInfinity, SM.Softplus(float.PositiveInfinity));
        Assert.Equal(Half.PositiveInfinity, SM.Softplus(Half.PositiveInfinity));
        Assert.Equal(Half.One, SM.Sigmoid(Half.PositiveInfinity));
    }

    [Fact]
    public void NaNPropagates()
    {
        foreach (var (name, f) in ScalarFunctions.UnaryDouble)
            Assert.True(double.IsNaN(f(double.NaN)), name);
        foreach (var (name, f) in ScalarFunctions.UnaryFloat)
            Assert.True(float.IsNaN(f(float.NaN)), name);
        foreach (var (name, f) in ScalarFunctions.UnaryHalf)
            Assert.True(Half.IsNaN(f(Half.NaN)), name);
        foreach (var (name, f) in ScalarFunctions.BinaryDouble)
            Assert.True(double.IsNaN(f(double.NaN, 0.5)) && double.IsNaN(f(0.5, double.NaN)), name);
        Assert.True(double.IsNaN(SM.XLogY(0.0, double.NaN)));
        Assert.True(double.IsNaN(SM.XLogY(double.NaN, 0.0)));
        Assert.Equal(0.0, SM.XLogY(0.0, double.PositiveInfinity));
        Assert.Equal(0.0, SM.XLogY(0.0, -1.0));
    }
}
