using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;

namespace ModelGen.Tests.Kernels;

public unsafe class ReductionTests
{
    [Fact]
    public void ColumnSumsMatchReferenceForRaggedShapes()
    {
        ForEachTier(tier =>
        {
            foreach (int cols in RaggedLengths.Append(130))
                foreach (int rows in new[] { 0, 1, 5 })
                    foreach (bool accumulate in new[] { false, true })
                    {
                        CheckColumnSums<float>(rows, cols, accumulate, $"{tier}");
                        CheckColumnSums<double>(rows, cols, accumulate, $"{tier}");
                    }
        });
    }

    [Fact]
    public void SumOfSquaresMatchesReference()
    {
        ForEachTier(tier =>
        {
            foreach (int length in RaggedLengths.Append(5000))
            {
                double[] x = RandomValues(length, seed: length);
                double expected = x.Sum(v => v * v);
                Assert.Equal(expected, SumOfSquares(x), 1e-12 * Math.Max(1, expected));
                double expectedSingle = ToDouble(Convert<float>(x)).Sum(v => v * v);
                float[] single = Convert<float>(x);
                float actual;
                fixed (float* p = single) actual = Reductions.SumOfSquares(p, length);
                Assert.True(Math.Abs(actual - expectedSingle) <= 1e-6 * Math.Max(1, expectedSingle), $"{tier} n={length}: {actual} vs {expectedSingle}");
            }
        });
    }

    [Fact]
    public void SumOfSquaresOfALongFloatArrayKeepsFloatPrecision()
    {
        // 10^6 copies of 0.1f: a single float running sum would drift by percents.
        float[] x = Enumerable.Repeat(0.1f, 1_000_000).ToArray();
        double expected = 1_000_000 * (double)0.1f * 0.1f;
        ForEachTier(tier =>
        {
            float actual;
            fixed (float* p = x) actual = Reductions.SumOfSquares(p, x.Length);
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"{tier}: {actual} vs {expected}");
        });
    }

    [Fact]
    public void AllFiniteFindsNanAndInfinityAnywhere()
    {
        ForEachTier(tier =>
        {
            foreach (int length in RaggedLengths.Append(5000))
            {
                var x = RandomValues(length, seed: 1);
                Assert.True(AllFinite(x), $"{tier} n={length} all finite");
                foreach (int position in new[] { 0, length / 2, length - 1 }.Where(p => p >= 0 && p < length).Distinct())
                    foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                    {
                        double saved = x[position];
                        x[position] = bad;
                        Assert.False(AllFinite(x), $"{tier} n={length}: {bad} at {position}");
                        x[position] = saved;
                    }
            }
            Assert.True(AllFinite([double.MaxValue, -double.MaxValue, double.Epsilon, 0]));
        });
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var buffer = new double[8];
        fixed (double* p = buffer)
        {
            double* q = p;
            Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.ColumnSums(q, -1, 2, 2, q, false)).ParamName);
            Assert.Equal("ldx", Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.ColumnSums(q, 2, 4, 3, q, false)).ParamName);
            Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.SumOfSquares(q, -1)).ParamName);
            Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.AllFinite(q, -1)).ParamName);
        }
    }

    [Fact]
    public void ReductionsDoNotAllocate()
    {
        var x = new float[300];
        var sums = new float[30];
        fixed (float* px = x, ps = sums)
        {
            float* a = px, s = ps;
            long bytes = AllocatedBytes(() =>
            {
                SimdTier saved = Simd.Active;
                foreach (SimdTier tier in Tiers)
                {
                    Simd.Active = tier;
                    Reductions.ColumnSums(a, 10, 30, 30, s, accumulate: true);
                    Reductions.SumOfSquares(a, 300);
                    Reductions.AllFinite(a, 300);
                }
                Simd.Active = saved;
            });
            Assert.Equal(0, bytes);
        }
    }

    private static void CheckColumnSums<T>(int rows, int cols, bool accumulate, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ldx = cols + 2;
        T[] x = Convert<T>(RandomValues(rows * ldx, seed: rows + cols));
        T[] initial = Convert<T>(RandomValues(cols + 1, seed: 7));
        T[] sums = (T[])initial.Clone();
        fixed (T* px = x, ps = sums) Reductions.ColumnSums(px, rows, cols, ldx, ps, accumulate);
        for (int j = 0; j < cols; j++)
        {
            double expected = accumulate ? double.CreateTruncating(initial[j]) : 0;
            for (int i = 0; i < rows; i++) expected += double.CreateTruncating(x[i * ldx + j]);
            Assert.True(Math.Abs(double.CreateTruncating(sums[j]) - expected) <= 1e-5 * (1 + Math.Abs(expected)),
                $"{context} {typeof(T).Name} rows={rows} cols={cols} accumulate={accumulate} column {j}");
        }
        Assert.Equal(initial[cols], sums[cols]); // nothing written past the last column
    }

    private static double SumOfSquares(double[] x)
    {
        fixed (double* p = x) return Reductions.SumOfSquares(p, x.Length);
    }

    private static bool AllFinite(double[] x)
    {
        fixed (double* p = x) return Reductions.AllFinite(p, x.Length);
    }
}
