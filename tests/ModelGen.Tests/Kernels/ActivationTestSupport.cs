using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>Shared by the activation, loss, reduction and optimizer kernel tests.</summary>
internal static class KernelTestSupport
{
    /// <summary>Lengths that exercise empty input, tail-only input and vector bodies with tails at every width.</summary>
    public static readonly int[] RaggedLengths = [0, 1, 3, 17, 33, 100];

    public static readonly ActivationKind[] AllActivations = Enum.GetValues<ActivationKind>();

    /// <summary>Every tier this machine can run, narrowest first.</summary>
    public static readonly SimdTier[] Tiers = Enum.GetValues<SimdTier>().Where(t => t <= Simd.BestSupported).ToArray();

    /// <summary>Runs <paramref name="test"/> once per tier with <see cref="Simd.Active"/> set to it.</summary>
    public static void ForEachTier(Action<SimdTier> test)
    {
        SimdTier saved = Simd.Active;
        try
        {
            foreach (SimdTier tier in Tiers)
            {
                Simd.Active = tier;
                test(tier);
            }
        }
        finally
        {
            Simd.Active = saved;
        }
    }

    public static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => Array.ConvertAll(values, v => T.CreateTruncating(v));

    public static double[] ToDouble<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => Array.ConvertAll(values, v => double.CreateTruncating(v));

    /// <summary>Relative accuracy demanded of a kernel result: about 36 ulp in double and 17 in float.</summary>
    public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-6 : 4e-15;

    /// <summary>Below this a result may be subnormal and is compared absolutely.</summary>
    public static double Floor<T>() => typeof(T) == typeof(float) ? 1e-37 : 1e-300;

    /// <summary>Normal-ish values with a spread of magnitudes, reproducible from <paramref name="seed"/>.</summary>
    public static double[] RandomValues(int length, int seed, double scale = 3)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = scale * gaussian;
        }
        return values;
    }

    /// <summary>Allocation on this thread while <paramref name="action"/> runs (after one warm-up run).</summary>
    public static long AllocatedBytes(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
