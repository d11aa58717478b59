using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;
using Reference = ModelGen.Tests.Kernels.ActivationReference;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Accuracy of the special functions behind the activations, at every tier, against the
/// independent references: erf/erfc/Φ carry GELU's float64 gradient check, expm1 and log1p the
/// small-argument accuracy of tanh and softplus.
/// </summary>
public unsafe class ActivationSpecialFunctionTests
{
    internal enum Function { Erf, Erfc, NormalCdf, Expm1, Log1p }

    /// <summary>Relative error allowed: ~3 ulp beyond the reference's own few ulp in double.</summary>
    private static double Tolerance<T>() => typeof(T) == typeof(float) ? 6e-7 : 2e-15;

    [Fact]
    public void ErfAndErfcAreAccurateAcrossTheRange()
    {
        double[] x = SamplePoints(limit: 27);
        ForEachTier(tier =>
        {
            Check<double>(Function.Erf, x, Reference.Erf, tier);
            Check<double>(Function.Erfc, x, Reference.Erfc, tier);
            Check<float>(Function.Erf, x, Reference.Erf, tier);
            Check<float>(Function.Erfc, x, Reference.Erfc, tier);
        });
    }

    [Fact]
    public void NormalCdfIsAccurateIntoTheFarTails()
    {
        double[] z = SamplePoints(limit: 38);
        ForEachTier(tier =>
        {
            Check<double>(Function.NormalCdf, z, Reference.NormalCdf, tier);
            Check<float>(Function.NormalCdf, z, Reference.NormalCdf, tier);
        });
    }

    [Fact]
    public void Expm1AndLog1pKeepRelativeAccuracyNearZero()
    {
        double[] x = SamplePoints(limit: 30);
        double[] u = Array.ConvertAll(x, v => Math.Abs(v) / 31 * 2 - 0.9);
        double[] tiny = Array.ConvertAll(SamplePoints(limit: 1e-3), Math.Abs);
        ForEachTier(tier =>
        {
            Check<double>(Function.Expm1, x, ReferenceExpm1, tier);
            Check<float>(Function.Expm1, x, ReferenceExpm1, tier);
            Check<double>(Function.Log1p, [.. u, .. tiny], Reference.Log1p, tier);
            Check<float>(Function.Log1p, [.. u, .. tiny], Reference.Log1p, tier);
        });
    }

    /// <summary>expm1 by its Taylor series where exp(x) - 1 would cancel.</summary>
    private static double ReferenceExpm1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        double term = x, sum = x;
        for (int n = 2; Math.Abs(term) > 1e-20 * Math.Abs(sum); n++)
        {
            term *= x / n;
            sum += term;
        }
        return sum;
    }

    /// <summary>Symmetric points: dense uniform, log-spaced down to 1e-30, and around the branch points.</summary>
    private static double[] SamplePoints(double limit)
    {
        var points = new List<double>();
        var random = new Random(42);
        for (int i = 0; i < 600; i++) points.Add(limit * (2 * random.NextDouble() - 1));
        for (int i = 0; i < 300; i++) points.Add((i % 2 == 0 ? 1 : -1) * limit * Math.Pow(10, -30 * random.NextDouble()));
        foreach (double edge in new[] { 0.5, 0.70710678118654752, 1, 2, 3.5, 6 })
            if (edge < limit)
                points.AddRange([edge, -edge, Math.BitDecrement(edge), -Math.BitDecrement(edge), Math.BitIncrement(edge)]);
        points.Add(0);
        return points.ToArray();
    }

    private static void Check<T>(Function function, double[] x, Func<double, double> reference, SimdTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] input = Convert<T>(x);
        var output = new T[x.Length];
        fixed (T* pi = input, po = output)
        {
            var kernel = new SpecialFunctionKernel<T> { Function = function, Input = pi, Output = po, Count = x.Length };
            VectorKernel.Run<T, SpecialFunctionKernel<T>>(ref kernel);
        }
        for (int i = 0; i < x.Length; i++)
        {
            double at = double.CreateTruncating(input[i]);
            double expected = reference(at);
            double actual = double.CreateTruncating(output[i]);
            // Results below the normal range are compared absolutely: subnormals carry fewer bits.
            double bound = Tolerance<T>() * Math.Abs(expected) + (typeof(T) == typeof(float) ? 1e-44 : 1e-320);
            if (typeof(T) == typeof(float) && Math.Abs(expected) < 1.2e-38) bound = 1.5e-45;
            Assert.True(Math.Abs(actual - expected) <= bound,
                $"{tier} {typeof(T).Name} {function}({at:R}) = {actual:R}, expected {expected:R}");
        }
    }

    private struct SpecialFunctionKernel<T> : IVectorKernel<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Function Function;
        public T* Input, Output;
        public int Count;

        void IVectorKernel<T>.Run<TVec, TOps>()
        {
            int i = 0;
            for (; i <= Count - TOps.Count; i += TOps.Count)
                TOps.Store(Output + i, Apply<TVec, TOps>(TOps.Load(Input + i)));
            for (; i < Count; i++)
                Output[i] = Apply<T, ScalarOps<T>>(Input[i]);
        }

        private readonly TVec Apply<TVec, TOps>(TVec x)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec, T> => Function switch
            {
                Function.Erf => ErrorFunction<TVec, T, TOps>.Erf(x),
                Function.Erfc => ErrorFunction<TVec, T, TOps>.Erfc(x),
                Function.NormalCdf => ErrorFunction<TVec, T, TOps>.NormalCdf(x, out _),
                Function.Expm1 => VectorMath<TVec, T, TOps>.Expm1(x),
                _ => VectorMath<TVec, T, TOps>.Log1p(x),
            };
    }
}
