namespace ModelGen;

/// <summary>
/// A read-only view of one layer's values for the last batch the model ran: <see cref="Rows"/>
/// samples by <see cref="Columns"/> features, row-major. It aliases the model's buffers, so the next
/// forward pass overwrites it: copy what must be kept.
/// </summary>
public readonly struct Tensor
{
    private readonly ReadOnlyMemory<float> _data;

    public Tensor(ReadOnlyMemory<float> data, int rows, int columns)
    {
        if (rows < 0 || columns < 0 || data.Length < (long)rows * columns)
            throw new ArgumentException($"A {rows}x{columns} tensor needs {(long)rows * columns} values but the buffer has {data.Length}.");
        _data = data.Slice(0, rows * columns);
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public int Columns { get; }
    public ReadOnlySpan<float> Span => _data.Span;
    public float this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
                throw new ArgumentOutOfRangeException(nameof(row), $"[{row}, {column}] is outside this {Rows}x{Columns} tensor.");
            return _data.Span[row * Columns + column];
        }
    }
    public float[] ToArray() => _data.ToArray();

    // Symbolic arithmetic of [Forward] methods: compiled by ModelGen, never evaluated.
    public static Tensor operator +(Tensor a, Tensor b) => throw Ops.NotExecutable();
    public static Tensor operator -(Tensor a, Tensor b) => throw Ops.NotExecutable();
    public static Tensor operator *(Tensor a, Tensor b) => throw Ops.NotExecutable();
    public static Tensor operator *(Tensor a, double b) => throw Ops.NotExecutable();
    public static Tensor operator *(double a, Tensor b) => throw Ops.NotExecutable();
    public static Tensor operator /(Tensor a, double b) => throw Ops.NotExecutable();
    public static Tensor operator +(Tensor a, double b) => throw Ops.NotExecutable();
    public static Tensor operator +(double a, Tensor b) => throw Ops.NotExecutable();
    public static Tensor operator -(Tensor a, double b) => throw Ops.NotExecutable();
    public static Tensor operator -(double a, Tensor b) => throw Ops.NotExecutable();
    public static Tensor operator -(Tensor a) => throw Ops.NotExecutable();
    public override string ToString() => $"Tensor {Rows}x{Columns}";
}

/// <summary>The loss of the last batch the model ran (mean over the batch).</summary>
public readonly struct Loss(double value, int batch)
{
    public double Value { get; } = value;
    public int Batch { get; } = batch;
    public override string ToString() => Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
