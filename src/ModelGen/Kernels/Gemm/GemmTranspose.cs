using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Kernels;

/// <summary>
/// Square block transposes for packing a transposed operand. Element-by-element transposing costs
/// about as much as the multiply itself on small products, so where AVX-512 is active the block is
/// transposed in registers with shuffles (16 × 16 floats or 8 × 8 doubles); elsewhere callers fall
/// back to the scalar loop. This is a data-movement helper, not arithmetic, which is why it is
/// written for one ISA instead of against <see cref="IVectorOps{TVec, T}"/>.
/// </summary>
internal static unsafe class GemmTranspose
{
    /// <summary>Side of the square block <see cref="Block"/> transposes, or 0 when there is no fast path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BlockSize<T>() where T : unmanaged
    {
        if (Simd.Active != SimdTier.Vector512 || !Avx512F.IsSupported) return 0;
        if (typeof(T) == typeof(float)) return 16;
        if (typeof(T) == typeof(double)) return 8;
        return 0;
    }

    /// <summary>
    /// destination[i·destinationStride + j] = source[j·sourceStride + i] for a
    /// <see cref="BlockSize{T}"/>-square block. Only valid when BlockSize is not 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block<T>(T* source, nint sourceStride, T* destination, nint destinationStride) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Floats16((float*)source, sourceStride, (float*)destination, destinationStride);
        else
            Doubles8((double*)source, sourceStride, (double*)destination, destinationStride);
    }

    // Shuffle4x128 controls: take 128-bit lanes (0, 2) or (1, 3) of each source.
    private const byte EvenLanes = 0b10_00_10_00;
    private const byte OddLanes = 0b11_01_11_01;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Floats16(float* s, nint ss, float* d, nint ds)
    {
        // Stage 1: interleave row pairs element-wise. t[2i] holds, in each 128-bit lane L, elements
        // 4L, 4L+1 of rows 2i and 2i+1; t[2i+1] holds elements 4L+2, 4L+3.
        Vector512<float> r0 = Vector512.Load(s), r1 = Vector512.Load(s + ss);
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
        r0 = Vector512.Load(s + 2 * ss); r1 = Vector512.Load(s + 3 * ss);
        Vector512<float> t2 = Avx512F.UnpackLow(r0, r1), t3 = Avx512F.UnpackHigh(r0, r1);
        r0 = Vector512.Load(s + 4 * ss); r1 = Vector512.Load(s + 5 * ss);
        Vector512<float> t4 = Avx512F.UnpackLow(r0, r1), t5 = Avx512F.UnpackHigh(r0, r1);
        r0 = Vector512.Load(s + 6 * ss); r1 = Vector512.Load(s + 7 * ss);
        Vector512<float> t6 = Avx512F.UnpackLow(r0, r1), t7 = Avx512F.UnpackHigh(r0, r1);
        r0 = Vector512.Load(s + 8 * ss); r1 = Vector512.Load(s + 9 * ss);
        Vector512<float> t8 = Avx512F.UnpackLow(r0, r1), t9 = Avx512F.UnpackHigh(r0, r1);
        r0 = Vector512.Load(s + 10 * ss); r1 = Vector512.Load(s + 11 * ss);
        Vector512<float> t10 = Avx512F.UnpackLow(r0, r1), t11 = Avx512F.UnpackHigh(r0, r1);
        r0 = Vector512.Load(s + 12 * ss); r1 = Vector512.Load(s + 13 * ss);
        Vector512<float> t12 = Avx512F.UnpackLow(r0, r1), t13 = Avx512F.UnpackHigh(r0, r1);
        r0 = Vector512.Load(s + 14 * ss); r1 = Vector512.Load(s + 15 * ss);
        Vector512<float> t14 = Avx512F.UnpackLow(r0, r1), t15 = Avx512F.UnpackHigh(r0, r1);

        // Stage 2: interleave pairs of 64-bit halves. Now u[4g + q] holds, in lane L, element 4L + q
        // of rows 4g .. 4g+3.
        Vector512<float> u0 = Low64(t0, t2), u1 = High64(t0, t2), u2 = Low64(t1, t3), u3 = High64(t1, t3);
        Vector512<float> u4 = Low64(t4, t6), u5 = High64(t4, t6), u6 = Low64(t5, t7), u7 = High64(t5, t7);
        Vector512<float> u8 = Low64(t8, t10), u9 = High64(t8, t10), u10 = Low64(t9, t11), u11 = High64(t9, t11);
        Vector512<float> u12 = Low64(t12, t14), u13 = High64(t12, t14), u14 = Low64(t13, t15), u15 = High64(t13, t15);

        // Stage 3: gather lane L of u[q], u[4 + q], u[8 + q], u[12 + q] into output row 4L + q.
        Lanes(u0, u4, u8, u12, d, ds, 0);
        Lanes(u1, u5, u9, u13, d, ds, 1);
        Lanes(u2, u6, u10, u14, d, ds, 2);
        Lanes(u3, u7, u11, u15, d, ds, 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2, Vector512<float> g3,
        float* d, nint ds, int q)
    {
        Vector512<float> even01 = Avx512F.Shuffle4x128(g0, g1, EvenLanes); // g0.L0 g0.L2 g1.L0 g1.L2
        Vector512<float> odd01 = Avx512F.Shuffle4x128(g0, g1, OddLanes);   // g0.L1 g0.L3 g1.L1 g1.L3
        Vector512<float> even23 = Avx512F.Shuffle4x128(g2, g3, EvenLanes);
        Vector512<float> odd23 = Avx512F.Shuffle4x128(g2, g3, OddLanes);
        Avx512F.Shuffle4x128(even01, even23, EvenLanes).Store(d + q * ds);        // lane 0 of each
        Avx512F.Shuffle4x128(odd01, odd23, EvenLanes).Store(d + (4 + q) * ds);    // lane 1
        Avx512F.Shuffle4x128(even01, even23, OddLanes).Store(d + (8 + q) * ds);   // lane 2
        Avx512F.Shuffle4x128(odd01, odd23, OddLanes).Store(d + (12 + q) * ds);    // lane 3
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Doubles8(double* s, nint ss, double* d, nint ds)
    {
        // Stage 1: t[2i] holds, in lane L, element 2L of rows 2i and 2i+1; t[2i+1] element 2L+1.
        Vector512<double> r0 = Vector512.Load(s), r1 = Vector512.Load(s + ss);
        Vector512<double> r2 = Vector512.Load(s + 2 * ss), r3 = Vector512.Load(s + 3 * ss);
        Vector512<double> r4 = Vector512.Load(s + 4 * ss), r5 = Vector512.Load(s + 5 * ss);
        Vector512<double> r6 = Vector512.Load(s + 6 * ss), r7 = Vector512.Load(s + 7 * ss);
        Vector512<double> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
        Vector512<double> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<double> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
        Vector512<double> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        // Stage 2: lane L of t[q], t[2 + q], t[4 + q], t[6 + q] is output row 2L + q.
        Lanes(t0, t2, t4, t6, d, ds, 0);
        Lanes(t1, t3, t5, t7, d, ds, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes(Vector512<double> g0, Vector512<double> g1, Vector512<double> g2, Vector512<double> g3,
        double* d, nint ds, int q)
    {
        Vector512<double> even01 = Avx512F.Shuffle4x128(g0, g1, EvenLanes);
        Vector512<double> odd01 = Avx512F.Shuffle4x128(g0, g1, OddLanes);
        Vector512<double> even23 = Avx512F.Shuffle4x128(g2, g3, EvenLanes);
        Vector512<double> odd23 = Avx512F.Shuffle4x128(g2, g3, OddLanes);
        Avx512F.Shuffle4x128(even01, even23, EvenLanes).Store(d + q * ds);
        Avx512F.Shuffle4x128(odd01, odd23, EvenLanes).Store(d + (2 + q) * ds);
        Avx512F.Shuffle4x128(even01, even23, OddLanes).Store(d + (4 + q) * ds);
        Avx512F.Shuffle4x128(odd01, odd23, OddLanes).Store(d + (6 + q) * ds);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Low64(Vector512<float> a, Vector512<float> b)
        => Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> High64(Vector512<float> a, Vector512<float> b)
        => Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();
}
