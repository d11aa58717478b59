using System.Globalization;
using System.Runtime.CompilerServices;

namespace ModelGen.Tests.StableMath;

/// <summary>
/// One committed reference table (tools/mpmath/make_reference.py): inputs and the correctly rounded
/// result, all as raw IEEE bits, so a row is exact and needs no decimal parsing.
/// </summary>
internal sealed record ReferenceRow(ulong X, ulong Y, ulong Expected);

internal static class ReferenceTable
{
    /// <summary>
    /// The tables are not copied to the output directory (the test project file is not ours to edit),
    /// so they are found from the test assembly by walking up to the repository root.
    /// </summary>
    public static string Directory { get; } = Locate();

    public static IReadOnlyList<ReferenceRow> Load(string function, string type)
    {
        string path = Path.Combine(Directory, $"{function}.{type}.csv");
        var rows = new List<ReferenceRow>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#' || line[0] == 'x')
                continue;
            string[] fields = line.Split(',');
            ulong Parse(string hex) => ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            rows.Add(fields.Length == 2
                ? new ReferenceRow(Parse(fields[0]), 0, Parse(fields[1]))
                : new ReferenceRow(Parse(fields[0]), Parse(fields[1]), Parse(fields[2])));
        }
        return rows;
    }

    private static string Locate([CallerFilePath] string thisSourceFile = "")
    {
        string relative = Path.Combine("tests", "ModelGen.Tests", "StableMath", "Reference");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (System.IO.Directory.Exists(candidate))
                return candidate;
        }
        // A build from elsewhere (for example a scratch project that links these sources) still
        // knows where this file was compiled from.
        string besideSource = Path.Combine(Path.GetDirectoryName(thisSourceFile) ?? "", "Reference");
        if (System.IO.Directory.Exists(besideSource))
            return besideSource;
        throw new DirectoryNotFoundException($"No {relative} above {AppContext.BaseDirectory}.");
    }
}
