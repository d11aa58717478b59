using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;
using Reference = ModelGen.Tests.Kernels.ActivationReference;

namespace ModelGen.Tests.Kernels;

public unsafe class ActivationTests
{
    private const double Alpha = 0.01;

    /// <summary>Inputs at and beyond every saturation, underflow and cancellation point.</summary>
    private static readonly double[] ExtremeInputs =
        [-1000, 1000, -1e-30, 1e-30, 0, -1e-5, 1e-5, -20, 20, -40, 40, -100, 100, -1e30, 1e30, -0.5, 0.5, -3.4e38, 3.4e38];

    [Fact]
    public void ForwardMatchesReferenceAtEveryTierTypeAndLength()
    {
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            foreach (int length in RaggedLengths)
            {
                double[] z = RandomValues(length, seed: length + 7 * (int)kind, scale: 4);
                CheckForward<float>(kind, z, $"{tier} {kind} n={length}");
                CheckForward<double>(kind, z, $"{tier} {kind} n={length}");
            }
        });
    }

    [Fact]
    public void ForwardIsFiniteAndCorrectAtExtremeInputs()
    {
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            {
                // Repeated so that every input also lands in a full vector, not only in the tail.
                double[] z = [.. ExtremeInputs, .. ExtremeInputs, .. ExtremeInputs];
                CheckForward<float>(kind, z, $"{tier} {kind}");
                CheckForward<double>(kind, z, $"{tier} {kind}");
            }
        });
    }

    [Fact]
    public void SaturatingActivationsReachTheirExactLimits()
    {
        ForEachTier(tier =>
        {
            double[] z = [-1000, 1000, -1000, 1000, -1000, 1000, -1000, 1000, -1000, 1000, -1000, 1000, -1000, 1000, -1000, 1000, -1000, 1000];
            foreach (bool single in new[] { true, false })
            {
                double[] Run(ActivationKind kind) => single ? ToDouble(Forward<float>(kind, z)) : Forward<double>(kind, z);
                for (int i = 0; i < z.Length; i++)
                {
                    bool positive = z[i] > 0;
                    Assert.Equal(positive ? 1 : 0, Run(ActivationKind.Sigmoid)[i]);
                    Assert.Equal(positive ? 1 : -1, Run(ActivationKind.Tanh)[i]);
                    Assert.Equal(positive ? z[i] : 0, Run(ActivationKind.Softplus)[i]);
                    Assert.Equal(positive ? z[i] : 0, Run(ActivationKind.Gelu)[i]);
                    Assert.Equal(positive ? z[i] : 0, Run(ActivationKind.GeluTanh)[i]);
                    Assert.Equal(positive ? z[i] : 0, Run(ActivationKind.Silu)[i]);
                }
            }
        });
    }

    [Fact]
    public void TanhOfTinyInputsIsAccurateToAFewUlp()
    {
        ForEachTier(tier =>
        {
            double[] z = [1e-5, -1e-5, 3e-4, 0.01, 0.1, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5, 1e-5];
            double[] d = Forward<double>(ActivationKind.Tanh, z);
            float[] f = Forward<float>(ActivationKind.Tanh, Convert<float>(z));
            for (int i = 0; i < z.Length; i++)
            {
                double exact = Math.Tanh(z[i]);
                Assert.True(Math.Abs(d[i] - exact) <= 4 * Math.ScaleB(Math.Abs(exact), -52), $"{tier} double tanh({z[i]}) = {d[i]:R}, expected {exact:R}");
                double exactSingle = Math.Tanh((float)z[i]);
                Assert.True(Math.Abs(f[i] - exactSingle) <= 4 * Math.ScaleB(Math.Abs(exactSingle), -23), $"{tier} float tanh({z[i]}) = {f[i]:R}, expected {exactSingle:R}");
            }
        });
    }

    [Fact]
    public void ForwardWorksInPlace()
    {
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            {
                double[] z = RandomValues(33, seed: 3);
                double[] expected = Forward<double>(kind, z);
                fixed (double* p = z) Activations.Forward(kind, Alpha, p, p, z.Length);
                Assert.Equal(expected, z);
            }
        });
    }

    /// <summary>The brief's gradient check: backward against centred differences of the forward kernel, in double.</summary>
    [Fact]
    public void BackwardMatchesFiniteDifferencesOfForwardInDouble()
    {
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            {
                // Away from the kinks of the piecewise-linear kinds, where differences straddle the corner.
                double[] z = Array.ConvertAll(RandomValues(33, seed: 11 + (int)kind, scale: 2.5), v => Math.Abs(v) < 0.05 ? v + 0.1 : v);
                double[] step = Array.ConvertAll(z, v => 1e-3 * Math.Max(1, Math.Abs(v)));
                double[] Shifted(double fraction) => Forward<double>(kind, z.Select((v, i) => v + fraction * step[i]).ToArray());
                double[] plus = Shifted(1), minus = Shifted(-1), halfPlus = Shifted(0.5), halfMinus = Shifted(-0.5);
                double[] dx = Backward<double>(kind, z, Forward<double>(kind, z), Enumerable.Repeat(1.0, z.Length).ToArray());
                for (int i = 0; i < z.Length; i++)
                {
                    // Richardson extrapolation of two centred differences: truncation error O(h^4).
                    double coarse = (plus[i] - minus[i]) / (2 * step[i]);
                    double fine = (halfPlus[i] - halfMinus[i]) / step[i];
                    double numeric = (4 * fine - coarse) / 3;
                    Assert.True(Math.Abs(numeric - dx[i]) <= 1e-6 * Math.Abs(dx[i]) + 1e-10,
                        $"{tier} {kind} z={z[i]:R}: backward {dx[i]:R}, finite difference {numeric:R}");
                }
            }
        });
    }

    [Fact]
    public void BackwardMatchesAnalyticDerivativeAtEveryTierTypeAndLength()
    {
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            {
                foreach (int length in RaggedLengths)
                {
                    double[] z = RandomValues(length, seed: 5 * length + (int)kind, scale: 4);
                    double[] dy = RandomValues(length, seed: 99 + length);
                    CheckBackward<float>(kind, z, dy, $"{tier} {kind} n={length}");
                    CheckBackward<double>(kind, z, dy, $"{tier} {kind} n={length}");
                }
                double[] extremes = [.. ExtremeInputs, .. ExtremeInputs];
                double[] ones = Enumerable.Repeat(1.0, extremes.Length).ToArray();
                CheckBackward<float>(kind, extremes, ones, $"{tier} {kind} extremes");
                CheckBackward<double>(kind, extremes, ones, $"{tier} {kind} extremes");
            }
        });
    }

    [Fact]
    public void BackwardWorksInPlaceOnTheGradient()
    {
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            {
                double[] z = RandomValues(33, seed: 8);
                double[] y = Forward<double>(kind, z);
                double[] dy = RandomValues(33, seed: 9);
                double[] expected = Backward<double>(kind, z, y, dy);
                fixed (double* pz = z, py = y, pd = dy)
                    Activations.Backward(kind, Alpha, pz, py, pd, pd, dy.Length);
                Assert.Equal(expected, dy);
            }
        });
    }

    [Fact]
    public void ReluPassesNoGradientAtZero()
    {
        double[] dx = Backward<double>(ActivationKind.Relu, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]);
        Assert.Equal([0.0, 0.0, 0.0], dx);
    }

    [Fact]
    public void BackwardReadsOnlyWhatNeedsInputAndNeedsOutputDeclare()
    {
        Assert.Equal([ActivationKind.Gelu, ActivationKind.GeluTanh, ActivationKind.Silu], AllActivations.Where(Activations.NeedsInput));
        Assert.Equal([ActivationKind.Sigmoid, ActivationKind.Tanh, ActivationKind.Relu, ActivationKind.LeakyRelu, ActivationKind.Softplus],
            AllActivations.Where(Activations.NeedsOutput));
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            {
                double[] z = RandomValues(17, seed: 4);
                double[] y = Forward<double>(kind, z);
                double[] dy = RandomValues(17, seed: 5);
                double[] expected = Backward<double>(kind, z, y, dy);
                var dx = new double[z.Length];
                fixed (double* pz = z, py = y, pdy = dy, pdx = dx)
                {
                    // Null pointers for what the kind says it does not need: a read would crash.
                    Activations.Backward(kind, Alpha, Activations.NeedsInput(kind) ? pz : null,
                        Activations.NeedsOutput(kind) ? py : null, pdy, pdx, z.Length);
                }
                Assert.Equal(expected, dx);
            }
        });
    }

    [Fact]
    public void BackwardRejectsAMissingRequiredPointer()
    {
        var buffer = new double[4];
        fixed (double* p = buffer)
        {
            double* q = p;
            Assert.Equal("z", Assert.Throws<ArgumentNullException>(() => Activations.Backward(ActivationKind.Gelu, 0.0, null, q, q, q, 4)).ParamName);
            Assert.Equal("y", Assert.Throws<ArgumentNullException>(() => Activations.Backward(ActivationKind.Tanh, 0.0, q, null, q, q, 4)).ParamName);
        }
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var buffer = new float[4];
        fixed (float* p = buffer)
        {
            float* q = p;
            Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Forward(ActivationKind.LeakyRelu, -0.1f, q, q, 4)).ParamName);
            Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Forward(ActivationKind.LeakyRelu, float.NaN, q, q, 4)).ParamName);
            Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Backward(ActivationKind.LeakyRelu, -1f, null, q, q, q, 4)).ParamName);
            Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Forward((ActivationKind)99, 0f, q, q, 4)).ParamName);
            Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Forward(ActivationKind.Relu, 0f, q, q, -1)).ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => Activations.NeedsInput((ActivationKind)99));
        }
        var halves = new Half[4];
        fixed (Half* p = halves)
        {
            Half* q = p;
            Assert.Throws<NotSupportedException>(() => Activations.Forward(ActivationKind.Relu, Half.Zero, q, q, 4));
        }
    }

    [Fact]
    public void KernelsDoNotAllocate()
    {
        var x = new double[37];
        var y = new double[37];
        var xs = new float[37];
        var ys = new float[37];
        fixed (double* px = x, py = y)
        fixed (float* pxs = xs, pys = ys)
        {
            double* a = px, b = py;
            float* c = pxs, d = pys;
            long bytes = AllocatedBytes(() =>
            {
                SimdTier saved = Simd.Active;
                foreach (SimdTier tier in Tiers)
                {
                    Simd.Active = tier;
                    foreach (ActivationKind kind in AllActivations)
                    {
                        Activations.Forward(kind, 0.1, a, b, 37);
                        Activations.Backward(kind, 0.1, a, b, b, a, 37);
                        Activations.Forward(kind, 0.1f, c, d, 37);
                        Activations.Backward(kind, 0.1f, c, d, d, c, 37);
                    }
                }
                Simd.Active = saved;
            });
            Assert.Equal(0, bytes);
        }
    }

    internal static T[] Forward<T>(ActivationKind kind, T[] z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new T[z.Length];
        fixed (T* pz = z, py = y) Activations.Forward(kind, T.CreateTruncating(Alpha), pz, py, z.Length);
        return y;
    }

    internal static double[] Forward<T>(ActivationKind kind, double[] z) where T : unmanaged, IFloatingPointIeee754<T>
        => ToDouble(Forward(kind, Convert<T>(z)));

    private static double[] Backward<T>(ActivationKind kind, double[] z, double[] y, double[] dy) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] zt = Convert<T>(z), yt = Convert<T>(y), dyt = Convert<T>(dy);
        var dx = new T[z.Length];
        fixed (T* pz = zt, py = yt, pdy = dyt, pdx = dx)
            Activations.Backward(kind, T.CreateTruncating(Alpha), pz, py, pdy, pdx, z.Length);
        return ToDouble(dx);
    }

    /// <summary>
    /// Compares with the reference at the T-rounded inputs. The allowance scales with |z·f'(z)|, the
    /// function's condition number: no T-precision evaluation can beat that in the far tails.
    /// </summary>
    private static void CheckForward<T>(ActivationKind kind, double[] z, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] rounded = ToDouble(Convert<T>(z));
        double[] actual = Forward<T>(kind, z);
        for (int i = 0; i < z.Length; i++)
        {
            double x = rounded[i];
            double expected = Reference.Forward(kind, Alpha, x);
            double bound = Tolerance<T>() * (Math.Abs(expected) + Math.Abs(x * Reference.Derivative(kind, Alpha, x))) + Floor<T>();
            Assert.True(double.IsFinite(actual[i]), $"{context} {typeof(T).Name}: f({x:R}) = {actual[i]}");
            Assert.True(Math.Abs(actual[i] - expected) <= bound, $"{context} {typeof(T).Name}: f({x:R}) = {actual[i]:R}, expected {expected:R}");
        }
    }

    /// <summary>
    /// Backward from the kernel's own forward output, against dy·f'(z). The allowance covers the
    /// conditioning in z (|z·f''|) and, for kinds that work from y, the rounding of y itself.
    /// </summary>
    private static void CheckBackward<T>(ActivationKind kind, double[] z, double[] dy, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] rounded = ToDouble(Convert<T>(z));
        double[] y = Forward<T>(kind, z);
        double[] dx = Backward<T>(kind, rounded, y, dy);
        double[] dyRounded = ToDouble(Convert<T>(dy));
        for (int i = 0; i < z.Length; i++)
        {
            double x = rounded[i];
            double slope = Reference.Derivative(kind, Alpha, x);
            double h = 1e-4 * Math.Max(1, Math.Abs(x));
            double curvature = Math.Abs(Reference.Derivative(kind, Alpha, x + h) - Reference.Derivative(kind, Alpha, x - h)) / (2 * h);
            double yError = Math.Abs(y[i]) + Math.Abs(x * slope);
            double ySensitivity = kind switch
            {
                ActivationKind.Sigmoid => Math.Abs(1 - 2 * y[i]) * yError,
                ActivationKind.Tanh => 2 * Math.Abs(y[i]) * yError,
                ActivationKind.Softplus => Math.Exp(-y[i]) * yError,
                _ => 0,
            };
            double expected = dyRounded[i] * slope;
            double bound = Tolerance<T>() * Math.Abs(dyRounded[i]) * (Math.Abs(slope) + Math.Abs(x) * curvature + ySensitivity) + Floor<T>();
            Assert.True(double.IsFinite(dx[i]), $"{context} {typeof(T).Name}: dx at z={x:R} is {dx[i]}");
            Assert.True(Math.Abs(dx[i] - expected) <= bound, $"{context} {typeof(T).Name}: dx at z={x:R} = {dx[i]:R}, expected {expected:R}");
        }
    }
}
