namespace ModelGen.Kernels;

/// <summary>
/// One matrix product C = (accumulate ? C : 0) + A·B, with each operand described by element strides
/// so that a transposed operand is just a swapped pair of strides: the kernels never branch on
/// "transposed", they read A(i, p) = A[i·ARowStride + p·AColStride] and B(p, j) = B[p·BRowStride + j·BColStride].
/// </summary>
internal readonly unsafe struct GemmOperands<T> where T : unmanaged
{
    public readonly T* A;
    public readonly nint ARowStride;
    public readonly nint AColStride;
    public readonly T* B;
    public readonly nint BRowStride;
    public readonly nint BColStride;
    public readonly T* C;
    public readonly nint Ldc;
    public readonly int M;
    public readonly int N;
    public readonly int K;
    public readonly bool Accumulate;

    public GemmOperands(bool transposeA, bool transposeB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, int ldc, bool accumulate)
    {
        A = a;
        ARowStride = transposeA ? 1 : lda;
        AColStride = transposeA ? lda : 1;
        B = b;
        BRowStride = transposeB ? 1 : ldb;
        BColStride = transposeB ? ldb : 1;
        C = c;
        Ldc = ldc;
        M = m;
        N = n;
        K = k;
        Accumulate = accumulate;
    }

    /// <summary>Rows of B are contiguous (B not transposed), so B can be read in place as vectors.</summary>
    public bool BRowsContiguous => BColStride == 1;

    /// <summary>Columns of A are contiguous (A transposed), so an A sliver can be read in place.</summary>
    public bool AColumnsContiguous => ARowStride == 1;
}
