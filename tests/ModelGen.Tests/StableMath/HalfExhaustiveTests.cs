using Xunit.Abstractions;

namespace ModelGen.Tests.StableMath;

/// <summary>
/// Every finite Half input (and ±∞), against a reference computed in double by the double overloads
/// (whose tables show them within 1 ulp of double, i.e. 2^-42 of a Half ulp) and rounded once.
/// Binary functions use a 512 × 512 grid spread over all finite Half values.
/// </summary>
public sealed class HalfExhaustiveTests(ITestOutputHelper output)
{
    private const long MaxUlp = 2;

    public static TheoryData<string> UnaryNames() => ScalarFunctions.UnaryNames();

    public static TheoryData<string> BinaryNames() => ScalarFunctions.BinaryNames();

    private static IEnumerable<Half> AllNonNaNHalves()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            Half h = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (!Half.IsNaN(h))
                yield return h;
        }
    }

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void UnaryWithinTwoUlpForEveryHalf(string function)
    {
        var half = ScalarFunctions.UnaryHalf[function];
        var reference = ScalarFunctions.UnaryDouble[function];
        long worst = 0;
        string worstCase = "none";
        int count = 0, failures = 0;
        foreach (Half x in AllNonNaNHalves())
        {
            count++;
            Half expected = (Half)reference((double)x);
            long distance = Ulp.Distance(half(x), expected);
            if (distance > worst)
                (worst, worstCase) = (distance, $"{x} -> {half(x)}, expected {expected}");
            if (distance > MaxUlp)
                failures++;
        }
        output.WriteLine($"{function} (Half): {count} inputs, worst {worst} ulp ({worstCase})");
        Assert.Equal(0, failures);
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void BinaryWithinTwoUlpOnAGrid(string function)
    {
        var half = ScalarFunctions.BinaryHalf[function];
        var reference = ScalarFunctions.BinaryDouble[function];
        var grid = AllNonNaNHalves().Where((_, i) => i % 128 == 5).Concat([Half.Zero, Half.One, (Half)0.5]).ToArray();
        long worst = 0;
        string worstCase = "none";
        int failures = 0;
        foreach (Half x in grid)
        {
            foreach (Half y in grid)
            {
                Half expected = (Half)reference((double)x, (double)y);
                Half actual = half(x, y);
                long distance = Ulp.Distance(actual, expected);
                if (distance > worst)
                    (worst, worstCase) = (distance, $"({x}, {y}) -> {actual}, expected {expected}");
                if (distance > MaxUlp)
                    failures++;
            }
        }
        output.WriteLine($"{function} (Half): {grid.Length * grid.Length} pairs, worst {worst} ulp ({worstCase})");
        Assert.Equal(0, failures);
    }
}
