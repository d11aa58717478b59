using System.Numerics;
using System.Runtime.Intrinsics;

namespace ModelGen.Kernels;

/// <summary>
/// General matrix product for float and double, the core of dense layers. Entry point only: checks
/// the arguments, handles the degenerate shapes and instantiates the kernels for the active SIMD tier.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>
    /// C (m×n, row stride <paramref name="ldc"/>) = (<paramref name="accumulate"/> ? C : 0) + op(A)·op(B).
    /// op(A) is m×k: A is stored row-major m×k with row stride lda ≥ k, or, when
    /// <paramref name="transposeA"/>, stored k×m with lda ≥ m and op(A) = Aᵀ. Likewise B is k×n with
    /// ldb ≥ n, or n×k with ldb ≥ k when <paramref name="transposeB"/>.
    /// The epilogue is called exactly once for every finished output segment, with a pointer to the
    /// segment's first element C[row, col] and its length; the segments cover C exactly once. When the
    /// product is split over threads, segments of different threads are disjoint but their calls may
    /// run concurrently on the same epilogue value, which is copied back to
    /// <paramref name="epilogue"/> at the end.
    /// Every element is computed as one fused multiply-add chain over k in order, so the result does
    /// not depend on <see cref="KernelThreads.Count"/>.
    /// </summary>
    public static void Multiply<T, TEpilogue>(bool transposeA, bool transposeB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, int ldc, bool accumulate, ref TEpilogue epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0) return;

        var operands = new GemmOperands<T>(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        if (k == 0)
        {
            EmptySum(operands, ref epilogue);
            return;
        }
        switch (Simd.Active)
        {
            case SimdTier.Vector512:
                GemmRunner<Vec512Ops<T>, Vector512<T>, T, Tile8x2>.Run(operands, ref epilogue);
                break;
            case SimdTier.Vector256:
                GemmRunner<Vec256Ops<T>, Vector256<T>, T, Tile6x2>.Run(operands, ref epilogue);
                break;
            case SimdTier.Vector128:
                GemmRunner<Vec128Ops<T>, Vector128<T>, T, Tile6x2>.Run(operands, ref epilogue);
                break;
            default:
                GemmRunner<ScalarOps<T>, T, T, Tile4x2>.Run(operands, ref epilogue);
                break;
        }
    }

    /// <inheritdoc cref="Multiply{T, TEpilogue}"/>
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var none = default(NoEpilogue<T>);
        Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, ref none);
    }

    /// <summary>k = 0: the product is empty, so C is kept or cleared, and still handed to the epilogue.</summary>
    private static void EmptySum<T, TEpilogue>(in GemmOperands<T> op, ref TEpilogue epilogue)
        where T : unmanaged
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        for (int i = 0; i < op.M; i++)
        {
            T* row = op.C + i * op.Ldc;
            if (!op.Accumulate) new Span<T>(row, op.N).Clear();
            epilogue.Apply(row, i, 0, op.N);
        }
    }

    private static void Validate<T>(bool transposeA, bool transposeB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, int ldc) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0) return;
        ArgumentOutOfRangeException.ThrowIfLessThan(ldc, n);
        if (c == null) throw new ArgumentNullException(nameof(c));
        if (k == 0) return;
        ArgumentOutOfRangeException.ThrowIfLessThan(lda, transposeA ? m : k);
        ArgumentOutOfRangeException.ThrowIfLessThan(ldb, transposeB ? k : n);
        if (a == null) throw new ArgumentNullException(nameof(a));
        if (b == null) throw new ArgumentNullException(nameof(b));
    }
}
