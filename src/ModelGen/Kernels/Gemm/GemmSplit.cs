namespace ModelGen.Kernels;

/// <summary>
/// How a product is divided between threads: into <see cref="Parts"/> bands of whole tiles along
/// the rows or the columns of C, whichever has more tiles (fewer redundant packings, better balance).
/// </summary>
internal readonly struct GemmSplit
{
    public readonly bool AlongRows;
    public readonly int Parts;
    private readonly int _length;
    private readonly int _unit;
    private readonly int _units;

    private GemmSplit(bool alongRows, int parts, int length, int unit)
    {
        AlongRows = alongRows;
        Parts = parts;
        _length = length;
        _unit = unit;
        _units = (length + unit - 1) / unit;
    }

    public static GemmSplit Choose(int m, int n, int threads, int rowUnit, int columnUnit)
    {
        int rowUnits = (m + rowUnit - 1) / rowUnit;
        int columnUnits = (n + columnUnit - 1) / columnUnit;
        bool alongRows = rowUnits >= columnUnits;
        int units = alongRows ? rowUnits : columnUnits;
        return new GemmSplit(alongRows, Math.Min(threads, units), alongRows ? m : n, alongRows ? rowUnit : columnUnit);
    }

    /// <summary>The range [start, end) of rows or columns that <paramref name="part"/> computes.</summary>
    public (int Start, int End) Range(int part)
    {
        int first = (int)((long)_units * part / Parts);
        int last = (int)((long)_units * (part + 1) / Parts);
        return (first * _unit, Math.Min(_length, last * _unit));
    }
}
