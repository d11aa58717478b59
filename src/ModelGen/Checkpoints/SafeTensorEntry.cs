namespace ModelGen.Checkpoints;

/// <summary>
/// One tensor of a safetensors header: its element type, shape and byte range
/// [<see cref="Begin"/>, <see cref="End"/>) relative to the start of the data section.
/// </summary>
public sealed record SafeTensorEntry(string Name, SafeTensorsDType DType, IReadOnlyList<int> Shape, long Begin, long End)
{
    /// <summary>The number of elements: the product of the shape (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (int d in Shape) count *= d;
            return count;
        }
    }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
