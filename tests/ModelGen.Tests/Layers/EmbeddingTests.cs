using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Layers.LayerTestSupport;

namespace ModelGen.Tests.Layers;

public unsafe class EmbeddingTests
{
    private const int Rows = 3, Sequence = 5, Vocabulary = 7, Dim = 19;

    public static TheoryData<SimdTier> AllTiers() => Tiers();

    private static readonly double[] Tokens = [0, 3, 6, 3, 1, 2, 2, 5, 4, 0, 6, 6, 6, 1, 3];

    private static double[] Forward<T>(double[] tokens, double[] table, int rows = Rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] t = To<T>(tokens), w = To<T>(table), y = Enumerable.Repeat(T.CreateTruncating(-9), rows * Sequence * Dim).ToArray();
        fixed (T* pt = t, pw = w, py = y) Embedding.Forward(pt, rows, Sequence, pw, Vocabulary, Dim, py);
        return ToDouble(y);
    }

    private static double[] Backward(double[] tokens, double[] dy)
    {
        double[] dTable = Enumerable.Repeat(5.0, Vocabulary * Dim).ToArray();
        fixed (double* pt = tokens, pdy = dy, pd = dTable) Embedding.Backward(pt, pdy, Rows, Sequence, Vocabulary, Dim, pd);
        return dTable;
    }

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void TableGradientMatchesFiniteDifferences(SimdTier tier) => AtTier(tier, () =>
        CheckGradients([(double[])Tokens.Clone(), Random(Vocabulary * Dim, 1)], ["tokens", "table"],
            p => Forward<double>(p[0], p[1]), (p, dy) => [null, Backward(p[0], dy)]));

    [Theory]
    [MemberData(nameof(AllTiers))]
    public void ForwardCopiesTheTokenRows(SimdTier tier) => AtTier(tier, () =>
    {
        double[] table = Random(Vocabulary * Dim, 2);
        double[] y = Forward<double>(Tokens, table);
        for (int t = 0; t < Tokens.Length; t++)
            Assert.Equal(table.Skip((int)Tokens[t] * Dim).Take(Dim), y.Skip(t * Dim).Take(Dim));
        AssertClose(y, Forward<float>(Tokens, table), 1e-7, "float vs double");
    });

    [Theory]
    [InlineData(-1.0)]
    [InlineData(7.0)]
    [InlineData(2.5)]
    [InlineData(double.NaN)]
    public void BadTokenThrowsNamingItsPlaceAndWritesNothing(double bad)
    {
        double[] tokens = (double[])Tokens.Clone();
        tokens[2 * Sequence + 3] = bad;
        double[] table = Random(Vocabulary * Dim, 4);
        var forward = Assert.Throws<ArgumentOutOfRangeException>(() => Forward<double>(tokens, table));
        Assert.Contains("row 2, position 3", forward.Message);
        Assert.Contains(bad.ToString(), forward.Message);
        double[] y = Enumerable.Repeat(-9.0, Rows * Sequence * Dim).ToArray();
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() =>
        {
            fixed (double* pt = tokens, pw = table, py = y) Embedding.Forward(pt, Rows, Sequence, pw, Vocabulary, Dim, py);
        });
        Assert.All(y, v => Assert.Equal(-9, v));
        double[] dTable = Enumerable.Repeat(5.0, Vocabulary * Dim).ToArray(), dy = Random(Rows * Sequence * Dim, 5);
        var backward = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            fixed (double* pt = tokens, pdy = dy, pd = dTable) Embedding.Backward(pt, pdy, Rows, Sequence, Vocabulary, Dim, pd);
        });
        Assert.Contains("row 2, position 3", backward.Message);
        Assert.All(dTable, v => Assert.Equal(5, v));
    }

    [Fact]
    public void BackwardSumsRepeatedTokens()
    {
        double[] dy = Random(Rows * Sequence * Dim, 6);
        double[] dTable = Backward(Tokens, dy);
        for (int v = 0; v < Vocabulary; v++)
        for (int d = 0; d < Dim; d++)
        {
            double expected = 0;
            for (int t = 0; t < Tokens.Length; t++)
                if (Tokens[t] == v) expected += dy[t * Dim + d];
            Assert.Equal(expected, dTable[v * Dim + d], 1e-14);
        }
        // Rows no token uses are zeroed, however the buffer started.
        double[] onlyTwos = Enumerable.Repeat(2.0, Tokens.Length).ToArray();
        double[] sparse = Backward(onlyTwos, dy);
        for (int v = 0; v < Vocabulary; v++)
            if (v != 2) Assert.All(sparse.Skip(v * Dim).Take(Dim), g => Assert.Equal(0, g));
    }
}
