using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen;

// Generic scalar overloads: the analyzers' code fixes rewrite generic-math code such as
// T.Log(T.One + x) (where T : IFloatingPointIeee754<T>) to StableMath.Log1P(x) and keep T.
// Each overload dispatches to the double, float or Half implementation (typeof(T) checks are
// constants after JIT specialization, so the dispatch costs nothing) and evaluates any other
// IEEE type in double. Overload resolution keeps calls with a double, float or Half argument on the
// non-generic overloads (C# prefers the non-generic candidate on a tie), and an int argument still
// converts to double because int does not satisfy the constraint.
public static partial class StableMath
{

    /// <summary>Generic form of <see cref="Log1P(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Log1P<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Log1P(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Log1P(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Log1P(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Log1P(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="ExpM1(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T ExpM1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = ExpM1(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = ExpM1(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = ExpM1(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(ExpM1(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="Sigmoid(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Sigmoid<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Sigmoid(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Sigmoid(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Sigmoid(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Sigmoid(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="Softplus(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Softplus(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Softplus(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Softplus(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Softplus(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="LogSigmoid(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T LogSigmoid<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = LogSigmoid(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = LogSigmoid(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = LogSigmoid(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(LogSigmoid(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="Log1MExp(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Log1MExp<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Log1MExp(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Log1MExp(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Log1MExp(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Log1MExp(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="LogNdtr(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T LogNdtr<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = LogNdtr(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = LogNdtr(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = LogNdtr(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(LogNdtr(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="Erf(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Erf<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Erf(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Erf(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Erf(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Erf(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="Erfc(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Erfc<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Erfc(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Erfc(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Erfc(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Erfc(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="LogGamma(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T LogGamma<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = LogGamma(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = LogGamma(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = LogGamma(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(LogGamma(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="Tanh(double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Tanh<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Tanh(Unsafe.As<T, double>(ref x)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Tanh(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Tanh(Unsafe.As<T, Half>(ref x)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Tanh(double.CreateTruncating(x)));
    }

    /// <summary>Generic form of <see cref="XLogY(double, double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T XLogY<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = XLogY(Unsafe.As<T, double>(ref x), Unsafe.As<T, double>(ref y)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = XLogY(Unsafe.As<T, float>(ref x), Unsafe.As<T, float>(ref y)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = XLogY(Unsafe.As<T, Half>(ref x), Unsafe.As<T, Half>(ref y)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(XLogY(double.CreateTruncating(x), double.CreateTruncating(y)));
    }

    /// <summary>Generic form of <see cref="XLog1PY(double, double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T XLog1PY<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = XLog1PY(Unsafe.As<T, double>(ref x), Unsafe.As<T, double>(ref y)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = XLog1PY(Unsafe.As<T, float>(ref x), Unsafe.As<T, float>(ref y)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = XLog1PY(Unsafe.As<T, Half>(ref x), Unsafe.As<T, Half>(ref y)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(XLog1PY(double.CreateTruncating(x), double.CreateTruncating(y)));
    }

    /// <summary>Generic form of <see cref="LogAddExp(double, double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T LogAddExp<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = LogAddExp(Unsafe.As<T, double>(ref a), Unsafe.As<T, double>(ref b)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = LogAddExp(Unsafe.As<T, float>(ref a), Unsafe.As<T, float>(ref b)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = LogAddExp(Unsafe.As<T, Half>(ref a), Unsafe.As<T, Half>(ref b)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(LogAddExp(double.CreateTruncating(a), double.CreateTruncating(b)));
    }

    /// <summary>Generic form of <see cref="Hypot(double, double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T Hypot<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = Hypot(Unsafe.As<T, double>(ref x), Unsafe.As<T, double>(ref y)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = Hypot(Unsafe.As<T, float>(ref x), Unsafe.As<T, float>(ref y)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = Hypot(Unsafe.As<T, Half>(ref x), Unsafe.As<T, Half>(ref y)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(Hypot(double.CreateTruncating(x), double.CreateTruncating(y)));
    }

    /// <summary>Generic form of <see cref="BinaryCrossEntropyWithLogits(double, double)"/> for T = double, float, Half (other types are evaluated in double).</summary>
    public static T BinaryCrossEntropyWithLogits<T>(T logit, T target) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) { double r = BinaryCrossEntropyWithLogits(Unsafe.As<T, double>(ref logit), Unsafe.As<T, double>(ref target)); return Unsafe.As<double, T>(ref r); }
        if (typeof(T) == typeof(float)) { float r = BinaryCrossEntropyWithLogits(Unsafe.As<T, float>(ref logit), Unsafe.As<T, float>(ref target)); return Unsafe.As<float, T>(ref r); }
        if (typeof(T) == typeof(Half)) { Half r = BinaryCrossEntropyWithLogits(Unsafe.As<T, Half>(ref logit), Unsafe.As<T, Half>(ref target)); return Unsafe.As<Half, T>(ref r); }
        return T.CreateTruncating(BinaryCrossEntropyWithLogits(double.CreateTruncating(logit), double.CreateTruncating(target)));
    }

}
