namespace ModelGen.Checkpoints;

/// <summary>
/// Where one tensor of a file goes in a model arena: <see cref="Rows"/> × <see cref="Columns"/>
/// row-major values at <see cref="ArenaOffset"/>, stored in the file as <see cref="FileShape"/>,
/// transposed when the file's convention is [columns, rows] (PyTorch's [out, in] weights).
/// </summary>
public sealed record TensorBinding(string FileName, int[] FileShape, int ArenaOffset, int Rows, int Columns, bool Transposed)
{
    public int Length => Rows * Columns;

    public string FileShapeText => "[" + string.Join(", ", FileShape) + "]";
}
