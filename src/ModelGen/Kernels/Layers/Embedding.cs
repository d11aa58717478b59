using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Token embedding lookup. Token ids arrive as T holding exact integers (the batch tensors are all
/// T); every id is validated before anything is written, so a bad batch leaves no partial output.
/// </summary>
public static unsafe class Embedding
{
    /// <summary>y[r, s·dim .. (s+1)·dim) = table[tokens[r, s]] for a rows × sequence token tensor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is not an integer in [0, vocabulary); the message names its row and position.</exception>
    public static void Forward<T>(T* tokens, int rows, int sequence, T* table, int vocabulary, int dim, T* y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(tokens, rows, sequence, vocabulary, dim);
        long count = (long)rows * sequence;
        long bytes = (long)dim * sizeof(T);
        for (long t = 0; t < count; t++)
            Buffer.MemoryCopy(table + Id(tokens[t]) * dim, y + t * dim, bytes, bytes);
    }

    /// <summary>dTable = 0, then dy's slice of every token is added to its row of dTable.</summary>
    public static void Backward<T>(T* tokens, T* dy, int rows, int sequence, int vocabulary, int dim, T* dTable)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(tokens, rows, sequence, vocabulary, dim);
        new Span<T>(dTable, checked(vocabulary * dim)).Clear();
        long count = (long)rows * sequence;
        for (long t = 0; t < count; t++)
            TensorOps.Accumulate(dTable + Id(tokens[t]) * dim, dy + t * dim, dim);
    }

    private static long Id<T>(T token) where T : unmanaged, IFloatingPointIeee754<T> => long.CreateTruncating(token);

    private static void Validate<T>(T* tokens, int rows, int sequence, int vocabulary, int dim)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(rows, nameof(rows));
        VectorKernel.RequireNonNegative(sequence, nameof(sequence));
        VectorKernel.RequireNonNegative(vocabulary, nameof(vocabulary));
        VectorKernel.RequireNonNegative(dim, nameof(dim));
        T limit = T.CreateTruncating(vocabulary);
        for (int r = 0; r < rows; r++)
        {
            for (int s = 0; s < sequence; s++)
            {
                T token = tokens[(long)r * sequence + s];
                // Written so that NaN fails too.
                if (!(T.IsInteger(token) && token >= T.Zero && token < limit))
                    throw new ArgumentOutOfRangeException(nameof(tokens), token,
                        $"Token {token} at row {r}, position {s} is not an integer id in [0, {vocabulary}); check the tokenizer's vocabulary size.");
            }
        }
    }
}
