using System.Numerics;
using System.Runtime.InteropServices;
using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Native memory for one test matrix. On Linux the data ends exactly at a page the process may not
/// touch, so a kernel reading or writing one element past the end crashes the run instead of
/// passing silently. Elsewhere it is plain native memory.
/// </summary>
internal sealed unsafe class GuardedBuffer<T> : IDisposable where T : unmanaged
{
    private const int ProtNone = 0, ProtReadWrite = 3, MapPrivateAnonymous = 0x22;
    private readonly nint _mapping;
    private readonly nuint _mappingBytes;

    public T* Data { get; }
    public int Length { get; }

    public GuardedBuffer(int length)
    {
        Length = length;
        nuint bytes = (nuint)Math.Max(1, length) * (nuint)sizeof(T);
        if (OperatingSystem.IsLinux())
        {
            nuint page = (nuint)Environment.SystemPageSize;
            nuint dataPages = (bytes + page - 1) / page * page;
            _mappingBytes = dataPages + page;
            _mapping = LibC.mmap(0, _mappingBytes, ProtReadWrite, MapPrivateAnonymous, -1, 0);
            if (_mapping == -1) throw new InvalidOperationException("mmap failed");
            if (LibC.mprotect(_mapping + (nint)dataPages, page, ProtNone) != 0) throw new InvalidOperationException("mprotect failed");
            Data = (T*)(_mapping + (nint)(dataPages - bytes));
        }
        else
        {
            Data = (T*)NativeMemory.Alloc(bytes);
        }
    }

    public Span<T> Span => new(Data, Length);

    public void Dispose()
    {
        if (OperatingSystem.IsLinux()) LibC.munmap(_mapping, _mappingBytes);
        else NativeMemory.Free(Data);
    }
}

internal static class LibC
{
    [DllImport("libc", SetLastError = true)] public static extern nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);
    [DllImport("libc", SetLastError = true)] public static extern int mprotect(nint address, nuint length, int protection);
    [DllImport("libc", SetLastError = true)] public static extern int munmap(nint address, nuint length);
}

/// <summary>One product's operands in guarded memory, with padded leading dimensions.</summary>
internal sealed unsafe class GemmCase<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly bool TransposeA, TransposeB;
    public readonly int M, N, K, Lda, Ldb, Ldc;
    public readonly GuardedBuffer<T> A, B, C;

    /// <summary>Padding past each row's last element: never read as data, never written.</summary>
    public static readonly T Sentinel = T.CreateTruncating(-12345.0);

    public GemmCase(bool transposeA, bool transposeB, int m, int n, int k, int seed, int padding = 3)
    {
        TransposeA = transposeA; TransposeB = transposeB; M = m; N = n; K = k;
        Lda = (transposeA ? m : k) + padding;
        Ldb = (transposeB ? k : n) + padding;
        Ldc = n + padding;
        var random = new Random(seed);
        A = Filled((transposeA ? k : m) * Lda, random);
        B = Filled((transposeB ? n : k) * Ldb, random);
        C = Filled(m * Ldc, random);
        for (int i = 0; i < m; i++)
            for (int j = n; j < Ldc; j++) C.Data[i * Ldc + j] = Sentinel;
    }

    private static GuardedBuffer<T> Filled(int length, Random random)
    {
        var buffer = new GuardedBuffer<T>(length);
        for (int i = 0; i < length; i++) buffer.Data[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return buffer;
    }

    public T ElementA(int i, int p) => TransposeA ? A.Data[p * Lda + i] : A.Data[i * Lda + p];
    public T ElementB(int p, int j) => TransposeB ? B.Data[j * Ldb + p] : B.Data[p * Ldb + j];

    public T[] SnapshotC() => C.Span.ToArray();

    public void Run(bool accumulate) => Gemm.Multiply(TransposeA, TransposeB, M, N, K, A.Data, Lda, B.Data, Ldb, C.Data, Ldc, accumulate);

    public void Run<TEpilogue>(bool accumulate, ref TEpilogue epilogue) where TEpilogue : struct, IGemmEpilogue<T>
        => Gemm.Multiply(TransposeA, TransposeB, M, N, K, A.Data, Lda, B.Data, Ldb, C.Data, Ldc, accumulate, ref epilogue);

    /// <summary>
    /// The exact value the kernels promise: one multiply-add chain over p in order, starting from C
    /// (or zero), fused or not as the tier's MultiplyAdd is.
    /// </summary>
    public T Chain(T[] initialC, int i, int j, bool accumulate, bool fused)
    {
        T sum = accumulate ? initialC[i * Ldc + j] : T.Zero;
        for (int p = 0; p < K; p++)
            sum = fused ? T.FusedMultiplyAdd(ElementA(i, p), ElementB(p, j), sum) : ElementA(i, p) * ElementB(p, j) + sum;
        return sum;
    }

    /// <summary>The product in double with an error bound for T: k roundings of at most |a·b| each.</summary>
    public (double Value, double Tolerance) Reference(T[] initialC, int i, int j, bool accumulate)
    {
        double sum = accumulate ? double.CreateTruncating(initialC[i * Ldc + j]) : 0;
        double magnitude = Math.Abs(sum);
        for (int p = 0; p < K; p++)
        {
            double product = double.CreateTruncating(ElementA(i, p)) * double.CreateTruncating(ElementB(p, j));
            sum += product;
            magnitude += Math.Abs(product);
        }
        double epsilon = typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16;
        return (sum, 2 * (K + 1) * epsilon * magnitude + 1e-30);
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        C.Dispose();
    }
}

/// <summary>Runs a test body at a SIMD tier and thread count, restoring both afterwards.</summary>
internal static class KernelSettings
{
    public static IEnumerable<SimdTier> SupportedTiers()
    {
        for (var tier = SimdTier.Scalar; tier <= Simd.BestSupported; tier++) yield return tier;
    }

    public static void With(SimdTier tier, int threads, Action body)
    {
        SimdTier savedTier = Simd.Active;
        int savedThreads = KernelThreads.Count;
        try
        {
            Simd.Active = tier;
            KernelThreads.Count = threads;
            body();
        }
        finally
        {
            Simd.Active = savedTier;
            KernelThreads.Count = savedThreads;
        }
    }

    /// <summary>Whether the tier's MultiplyAdd is a fused multiply-add on this machine.</summary>
    public static bool IsFused(SimdTier tier) => tier switch
    {
        SimdTier.Vector512 or SimdTier.Vector256 => true,
        SimdTier.Vector128 => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported,
        _ => false,
    };
}
