using System.Globalization;
using Xunit.Abstractions;

namespace ModelGen.Tests.StableMath;

/// <summary>
/// Every row of every committed mpmath table (correctly rounded results) must be matched within
/// <see cref="MaxUlp"/>. Each test prints the worst row, so the measured accuracy is visible in the log.
/// </summary>
public sealed class ReferenceAccuracyTests(ITestOutputHelper output)
{
    private const long MaxUlp = 2;

    [Theory]
    [MemberData(nameof(ScalarFunctions.UnaryNames), MemberType = typeof(ScalarFunctions))]
    public void UnaryDoubleWithinTwoUlp(string function)
        => Check(function, "double", ScalarFunctions.UnaryDouble[function], null);

    [Theory]
    [MemberData(nameof(ScalarFunctions.UnaryNames), MemberType = typeof(ScalarFunctions))]
    public void UnaryFloatWithinTwoUlp(string function)
        => CheckFloat(function, ScalarFunctions.UnaryFloat[function], null);

    [Theory]
    [MemberData(nameof(ScalarFunctions.BinaryNames), MemberType = typeof(ScalarFunctions))]
    public void BinaryDoubleWithinTwoUlp(string function)
        => Check(function, "double", null, ScalarFunctions.BinaryDouble[function]);

    [Theory]
    [MemberData(nameof(ScalarFunctions.BinaryNames), MemberType = typeof(ScalarFunctions))]
    public void BinaryFloatWithinTwoUlp(string function)
        => CheckFloat(function, null, ScalarFunctions.BinaryFloat[function]);

    private void Check(string function, string type, Func<double, double>? unary, Func<double, double, double>? binary)
    {
        var rows = ReferenceTable.Load(function, type);
        var failures = new List<string>();
        long worst = -1;
        string worstRow = "";
        foreach (var row in rows)
        {
            double x = BitConverter.UInt64BitsToDouble(row.X);
            double y = BitConverter.UInt64BitsToDouble(row.Y);
            double expected = BitConverter.UInt64BitsToDouble(row.Expected);
            double actual = unary is not null ? unary(x) : binary!(x, y);
            long distance = Ulp.Distance(actual, expected);
            string text = Describe(unary is null, x.ToString("R", CultureInfo.InvariantCulture), y.ToString("R", CultureInfo.InvariantCulture),
                actual.ToString("R", CultureInfo.InvariantCulture), expected.ToString("R", CultureInfo.InvariantCulture), distance);
            if (distance > worst)
                (worst, worstRow) = (distance, text);
            if (distance > MaxUlp)
                failures.Add(text);
        }
        Report(function, type, rows.Count, worst, worstRow, failures);
    }

    private void CheckFloat(string function, Func<float, float>? unary, Func<float, float, float>? binary)
    {
        var rows = ReferenceTable.Load(function, "float");
        var failures = new List<string>();
        long worst = -1;
        string worstRow = "";
        foreach (var row in rows)
        {
            float x = BitConverter.UInt32BitsToSingle((uint)row.X);
            float y = BitConverter.UInt32BitsToSingle((uint)row.Y);
            float expected = BitConverter.UInt32BitsToSingle((uint)row.Expected);
            float actual = unary is not null ? unary(x) : binary!(x, y);
            long distance = Ulp.Distance(actual, expected);
            string text = Describe(unary is null, x.ToString("R", CultureInfo.InvariantCulture), y.ToString("R", CultureInfo.InvariantCulture),
                actual.ToString("R", CultureInfo.InvariantCulture), expected.ToString("R", CultureInfo.InvariantCulture), distance);
            if (distance > worst)
                (worst, worstRow) = (distance, text);
            if (distance > MaxUlp)
                failures.Add(text);
        }
        Report(function, "float", rows.Count, worst, worstRow, failures);
    }

    private static string Describe(bool binary, string x, string y, string actual, string expected, long distance)
        => $"{(binary ? $"({x}, {y})" : x)} -> {actual}, expected {expected} ({(distance == Ulp.Infinite ? "NaN mismatch" : distance + " ulp")})";

    private void Report(string function, string type, int count, long worst, string worstRow, List<string> failures)
    {
        output.WriteLine($"{function} ({type}): {count} rows, worst {worst} ulp at {worstRow}");
        foreach (string failure in failures.Take(20))
            output.WriteLine("  FAIL " + failure);
        Assert.True(failures.Count == 0, $"{function} ({type}): {failures.Count} of {count} rows beyond {MaxUlp} ulp; first: {failures.FirstOrDefault()}");
    }
}
