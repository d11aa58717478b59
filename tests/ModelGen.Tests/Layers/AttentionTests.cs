using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Layers.LayerTestSupport;

namespace ModelGen.Tests.Layers;

public unsafe class AttentionTests
{
    // headDim 7 and sequence 5: no vector width divides either.
    private const int Rows = 2, Sequence = 5, Heads = 3, HeadDim = 7, ModelDim = Heads * HeadDim, Count = Rows * Sequence * ModelDim;

    public static TheoryData<SimdTier> AllTiers() => Tiers();

    public static TheoryData<SimdTier, bool> TiersAndMasks()
    {
        var data = new TheoryData<SimdTier, bool>();
        foreach (SimdTier tier in Tiers())
        {
            data.Add(tier, false);
            data.Add(tier, true);
        }
        return data;
    }

    private static double[] Forward<T>(double[] q, double[] k, double[] v, bool causal, out double[] probs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] pq = To<T>(q), pk = To<T>(k), pv = To<T>(v), p = new T[Rows * Heads * Sequence * Sequence], o = new T[Count];
        fixed (T* xq = pq, xk = pk, xv = pv, xp = p, xo = o)
            Attention.Forward(xq, xk, xv, Rows, Sequence, ModelDim, Heads, causal, xp, xo);
        probs = ToDouble(p);
        return ToDouble(o);
    }

    private static double[] Reference(double[] q, double[] k, double[] v, bool causal)
    {
        double[] output = new double[Count];
        for (int b = 0; b < Rows; b++)
        for (int h = 0; h < Heads; h++)
        for (int i = 0; i < Sequence; i++)
        {
            int visible = causal ? i + 1 : Sequence;
            double[] scores = new double[visible];
            for (int j = 0; j < visible; j++)
                for (int d = 0; d < HeadDim; d++)
                    scores[j] += q[At(b, i, h, d)] * k[At(b, j, h, d)] / Math.Sqrt(HeadDim);
            double max = scores.Max();
            double[] e = scores.Select(s => Math.Exp(s - max)).ToArray();
            double sum = e.Sum();
            for (int j = 0; j < visible; j++)
                for (int d = 0; d < HeadDim; d++)
                    output[At(b, i, h, d)] += e[j] / sum * v[At(b, j, h, d)];
        }
        return output;
    }

    private static int At(int b, int position, int h, int d) => (b * Sequence + position) * ModelDim + h * HeadDim + d;

    [Theory]
    [MemberData(nameof(TiersAndMasks))]
    public void GradientsMatchFiniteDifferences(SimdTier tier, bool causal) => AtTier(tier, () =>
        CheckGradients([Random(Count, 1, scale: 1.5), Random(Count, 2, scale: 1.5), Random(Count, 3)], ["q", "k", "v"],
            p => Forward<double>(p[0], p[1], p[2], causal, out _),
            (p, dOutput) =>
            {
                Forward<double>(p[0], p[1], p[2], causal, out double[] probs);
                // Start from garbage: the backward must overwrite, not accumulate.
                double[] dq = Enumerable.Repeat(3.0, Count).ToArray(), dk = (double[])dq.Clone(), dv = (double[])dq.Clone();
                fixed (double* xq = p[0], xk = p[1], xv = p[2], xp = probs, xd = dOutput, gq = dq, gk = dk, gv = dv)
                    Attention.Backward(xq, xk, xv, xp, xd, Rows, Sequence, ModelDim, Heads, causal, gq, gk, gv);
                return [dq, dk, dv];
            }));

    [Theory]
    [MemberData(nameof(TiersAndMasks))]
    public void OutputMatchesADoubleReferenceAndProbabilitiesSumToOne(SimdTier tier, bool causal) => AtTier(tier, () =>
    {
        double[] q = Random(Count, 4, scale: 2), k = Random(Count, 5, scale: 2), v = Random(Count, 6);
        double[] output = Forward<double>(q, k, v, causal, out double[] probs);
        AssertClose(Reference(q, k, v, causal), output, 1e-14, "output");
        for (int row = 0; row < Rows * Heads * Sequence; row++)
        {
            int i = row % Sequence;
            double[] p = probs.Skip(row * Sequence).Take(Sequence).ToArray();
            Assert.Equal(1, p.Sum(), 1e-14);
            if (causal) Assert.All(p.Skip(i + 1), x => Assert.Equal(0, x));
        }
        AssertClose(output, Forward<float>(q, k, v, causal, out _), 1e-5, "float vs double");
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void CausalPositionZeroIgnoresLaterPositions(SimdTier tier) => AtTier(tier, () =>
    {
        double[] q = Random(Count, 7), k = Random(Count, 8), v = Random(Count, 9);
        double[] before = Forward<double>(q, k, v, true, out _);
        for (int b = 0; b < Rows; b++)
        for (int position = 1; position < Sequence; position++)
        for (int c = 0; c < ModelDim; c++)
        {
            int at = (b * Sequence + position) * ModelDim + c;
            q[at] += 10; k[at] -= 7; v[at] *= -3;
        }
        double[] after = Forward<double>(q, k, v, true, out _);
        for (int b = 0; b < Rows; b++)
        {
            Assert.Equal(before.Skip(b * Sequence * ModelDim).Take(ModelDim), after.Skip(b * Sequence * ModelDim).Take(ModelDim));
            Assert.NotEqual(before.Skip((b * Sequence + 1) * ModelDim).Take(ModelDim), after.Skip((b * Sequence + 1) * ModelDim).Take(ModelDim));
        }
    });

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void HugeScoresStayFinite(SimdTier tier) => AtTier(tier, () =>
    {
        // q·k / sqrt(7) reaches about ±1e4.
        double[] q = Random(Count, 10, scale: 60), k = Random(Count, 11, scale: 60), v = Random(Count, 12);
        foreach (bool causal in new[] { false, true })
        {
            double[] single = Forward<float>(q, k, v, causal, out double[] probs);
            double[] dbl = Forward<double>(q, k, v, causal, out _);
            Assert.All(single.Concat(probs), x => Assert.True(double.IsFinite(x)));
            Assert.All(dbl, x => Assert.True(double.IsFinite(x)));
            AssertClose(Reference(q, k, v, causal), dbl, 1e-9, "double at large scores");
        }
    });

    [Fact]
    public void HeadsMustDivideModelDim()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Attention.Forward<double>(null, null, null, 1, 1, 10, 3, false, null, null));
        Assert.Contains("multiple of heads", e.Message);
    }
}
