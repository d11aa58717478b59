namespace ModelGen.Kernels;

/// <summary>
/// How a product is divided between threads: into <see cref="Parts"/> bands of whole tiles, along
/// the columns of C when there are enough of them, else along the rows. Column bands keep each
/// thread's packed B panel small enough for its own L2 (two threads reached 420 GFLOP/s on
/// 256×1024×784 split by columns, 300 by rows). Large products get up to two parts per thread,
/// claimed dynamically, so a thread that is descheduled for a while does not hold up the other.
/// </summary>
internal readonly struct GemmSplit
{
    /// <summary>Work below which a product is not cut into more parts than threads.</summary>
    private const long MultiplyAddsPerPart = 4_000_000;
    private const int MaxPartsPerThread = 2;

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

    /// <summary>
    /// Splits an m × n product of <paramref name="multiplyAdds"/> for <paramref name="threads"/>
    /// threads into bands of whole <paramref name="rowUnit"/> rows or <paramref name="columnUnit"/>
    /// columns (the tile shape).
    /// </summary>
    public static GemmSplit Choose(int m, int n, long multiplyAdds, int threads, int rowUnit, int columnUnit)
    {
        int rowUnits = (m + rowUnit - 1) / rowUnit;
        int columnUnits = (n + columnUnit - 1) / columnUnit;
        int parts = (int)Math.Clamp(multiplyAdds / MultiplyAddsPerPart, threads, threads * MaxPartsPerThread);
        bool alongRows = columnUnits < parts && rowUnits > columnUnits;
        int units = alongRows ? rowUnits : columnUnits;
        return new GemmSplit(alongRows, Math.Min(parts, units), alongRows ? m : n, alongRows ? rowUnit : columnUnit);
    }

    /// <summary>The range [start, end) of rows or columns that <paramref name="part"/> computes.</summary>
    public (int Start, int End) Range(int part)
    {
        int first = (int)((long)_units * part / Parts);
        int last = (int)((long)_units * (part + 1) / Parts);
        return (first * _unit, Math.Min(_length, last * _unit));
    }
}
