using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

public unsafe class GemmTests
{
    /// <summary>
    /// (m, n, k) around every edge the kernels have: single rows (the row-vector path) with vector
    /// tails, sizes off by one from tile and vector widths, K spanning several K blocks, more than 128
    /// rows (B gets packed) and more than 256 columns (A gets packed).
    /// </summary>
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 7, 10), (1, 100, 33), (1, 300, 5), (2, 3, 4), (7, 10, 63), (10, 65, 7),
        (63, 64, 65), (65, 33, 17), (16, 32, 300), (9, 17, 1000), (130, 40, 20), (20, 300, 30),
        (33, 260, 70), (140, 270, 40),
    ];

    [Fact]
    public void FloatMatchesReferenceAtEveryTier() => MatchesReferenceAtEveryTier<float>();

    [Fact]
    public void DoubleMatchesReferenceAtEveryTier() => MatchesReferenceAtEveryTier<double>();

    private static void MatchesReferenceAtEveryTier<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        int seed = 0;
        foreach (SimdTier tier in KernelSettings.SupportedTiers())
        {
            KernelSettings.With(tier, 1, () =>
            {
                foreach (var (m, n, k) in Shapes)
                    foreach (bool transposeA in new[] { false, true })
                        foreach (bool transposeB in new[] { false, true })
                            foreach (bool accumulate in new[] { false, true })
                                CheckAgainstReference<T>(tier, transposeA, transposeB, m, n, k, accumulate, ++seed);
            });
        }
    }

    private static void CheckAgainstReference<T>(SimdTier tier, bool transposeA, bool transposeB, int m, int n, int k,
        bool accumulate, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var test = new GemmCase<T>(transposeA, transposeB, m, n, k, seed);
        T[] initial = test.SnapshotC();
        test.Run(accumulate);
        AssertProduct(test, initial, accumulate, tier, $"{tier} {typeof(T).Name} tA={transposeA} tB={transposeB} {m}x{n}x{k} acc={accumulate}");
    }

    /// <summary>
    /// Checks every element against the double reference, and, where the tier's multiply-add is
    /// known, bit-for-bit against the promised FMA chain; checks the row padding is untouched.
    /// </summary>
    private static void AssertProduct<T>(GemmCase<T> test, T[] initial, bool accumulate, SimdTier tier, string label) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < test.M; i++)
        {
            for (int j = 0; j < test.Ldc; j++)
            {
                T actual = test.C.Data[i * test.Ldc + j];
                if (j >= test.N)
                {
                    if (actual != GemmCase<T>.Sentinel) Assert.Fail($"{label}: padding C[{i},{j}] overwritten");
                    continue;
                }
                var (expected, tolerance) = test.Reference(initial, i, j, accumulate);
                if (!(Math.Abs(double.CreateTruncating(actual) - expected) <= tolerance))
                    Assert.Fail($"{label}: C[{i},{j}] = {actual}, expected {expected} ± {tolerance}");
                if (tier != SimdTier.Vector128 || KernelSettings.IsFused(tier))
                {
                    T chain = test.Chain(initial, i, j, accumulate, KernelSettings.IsFused(tier));
                    if (!actual.Equals(chain))
                        Assert.Fail($"{label}: C[{i},{j}] = {actual} is not the FMA chain's {chain}");
                }
            }
        }
    }

    /// <summary>Products large enough to be split over threads, along rows and along columns.</summary>
    private static readonly (int M, int N, int K)[] ParallelShapes =
    [
        (200, 300, 100), (257, 129, 65), (16, 2048, 128), (1, 4000, 700),
    ];

    [Fact]
    public void ThreadCountDoesNotChangeAnyBit()
    {
        CompareThreadCounts<float>(SimdTier.Scalar);
        CompareThreadCounts<float>(Simd.BestSupported);
        CompareThreadCounts<double>(Simd.BestSupported);
    }

    private static void CompareThreadCounts<T>(SimdTier tier) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (m, n, k) in ParallelShapes)
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    using var test = new GemmCase<T>(transposeA, transposeB, m, n, k, seed: m + n + k);
                    T[] initial = test.SnapshotC();
                    T[]? single = null;
                    foreach (int threads in new[] { 1, 2, 3 })
                    {
                        initial.CopyTo(test.C.Span);
                        KernelSettings.With(tier, threads, () => test.Run(accumulate: true));
                        T[] result = test.SnapshotC();
                        if (single == null) single = result;
                        else Assert.True(single.AsSpan().SequenceEqual(result),
                            $"{tier} {typeof(T).Name} tA={transposeA} tB={transposeB} {m}x{n}x{k}: {threads} threads differ from 1");
                    }
                }
            }
        }
    }

    [Fact]
    public void LargeProductsUseEveryThreadAndSmallOnesOnlyTheCaller()
    {
        KernelSettings.With(Simd.BestSupported, 2, () =>
        {
            Assert.Equal(2, ThreadsUsed(256, 256, 256));
            Assert.Equal(2, ThreadsUsed(1, 4096, 1024));
            Assert.Equal(1, ThreadsUsed(64, 128, 64));
        });
    }

    private static int ThreadsUsed(int m, int n, int k)
    {
        using var test = new GemmCase<float>(false, false, m, n, k, seed: 5);
        var epilogue = new CheckingEpilogue<float>(test);
        try
        {
            test.Run(false, ref epilogue);
            return epilogue.ThreadCount;
        }
        finally
        {
            epilogue.Free();
        }
    }

    [Fact]
    public void EpilogueSeesEachFinishedElementExactlyOnce()
    {
        (int, int, int)[] small = [.. Shapes, (5, 9, 0)];
        foreach (SimdTier tier in KernelSettings.SupportedTiers())
            KernelSettings.With(tier, 1, () => CheckEpilogue(small));
        KernelSettings.With(Simd.BestSupported, 2, () => CheckEpilogue(ParallelShapes));
    }

    private static void CheckEpilogue((int M, int N, int K)[] shapes)
    {
        foreach (var (m, n, k) in shapes)
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    using var test = new GemmCase<float>(transposeA, transposeB, m, n, k, seed: 11 * m + n);
                    float[] initial = test.SnapshotC();
                    test.Run(accumulate: true);
                    float[] plain = test.SnapshotC();
                    initial.CopyTo(test.C.Span);
                    var epilogue = new CheckingEpilogue<float>(test);
                    try
                    {
                        test.Run(accumulate: true, ref epilogue);
                        string label = $"{Simd.Active} threads={KernelThreads.Count} tA={transposeA} tB={transposeB} {m}x{n}x{k}";
                        for (int i = 0; i < m; i++)
                        {
                            for (int j = 0; j < n; j++)
                            {
                                int seen = epilogue.Counts[i * n + j];
                                if (seen != 1) Assert.Fail($"{label}: C[{i},{j}] seen {seen} times");
                                float expected = CheckingEpilogue<float>.Transform(plain[i * test.Ldc + j]);
                                if (!test.C.Data[i * test.Ldc + j].Equals(expected)) Assert.Fail($"{label}: C[{i},{j}] was not final when the epilogue ran");
                            }
                        }
                    }
                    finally
                    {
                        epilogue.Free();
                    }
                }
            }
        }
    }

    [Fact]
    public void EmptyKClearsOrKeepsC()
    {
        using var test = new GemmCase<float>(false, false, 3, 5, 0, seed: 3);
        float[] initial = test.SnapshotC();
        test.Run(accumulate: true);
        Assert.Equal(initial, test.SnapshotC());
        test.Run(accumulate: false);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++) Assert.Equal(0f, test.C.Data[i * test.Ldc + j]);
    }

    [Fact]
    public void EmptyOutputTouchesNothing()
    {
        Gemm.Multiply<float>(false, false, 0, 5, 3, null, 3, null, 5, null, 5, false);
        Gemm.Multiply<float>(false, false, 4, 0, 3, null, 3, null, 0, null, 0, false);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        float* data = stackalloc float[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(false, false, -1, 2, 2, data, 2, data, 2, data, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(false, false, 2, 2, 4, data, 3, data, 2, data, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(true, false, 4, 2, 2, data, 3, data, 2, data, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(false, true, 2, 2, 4, data, 4, data, 3, data, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(false, false, 2, 4, 2, data, 2, data, 4, data, 3, false));
        Assert.Throws<ArgumentNullException>(() => Gemm.Multiply<float>(false, false, 2, 2, 2, null, 2, data, 2, data, 2, false));
    }

    /// <summary>The digits MLP and dense-layer shapes the generator emits, forward and both gradients.</summary>
    private static readonly (bool TransposeA, bool TransposeB, int M, int N, int K)[] TrainingShapes =
    [
        (false, false, 64, 128, 64), (false, true, 64, 64, 128), (true, false, 128, 64, 64),
        (false, false, 64, 10, 64), (false, false, 1, 1024, 784), (false, false, 256, 300, 200),
    ];

    [Fact]
    public void NoAllocationAfterWarmUp()
    {
        KernelSettings.With(Simd.BestSupported, 2, () =>
        {
            var cases = TrainingShapes.Select(s => new GemmCase<float>(s.TransposeA, s.TransposeB, s.M, s.N, s.K, seed: 1)).ToArray();
            var doubles = new GemmCase<double>(true, true, 100, 200, 150, seed: 2);
            try
            {
                void RunAll()
                {
                    foreach (var test in cases)
                    {
                        test.Run(accumulate: false);
                        var bias = new AddOne<float>();
                        test.Run(accumulate: true, ref bias);
                    }
                    doubles.Run(accumulate: false);
                }
                RunAll();
                RunAll();
                long callerBefore = GC.GetAllocatedBytesForCurrentThread();
                long workersBefore = WorkerPool.Shared.AllocatedBytesOnWorkers;
                for (int repeat = 0; repeat < 3; repeat++) RunAll();
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - callerBefore);
                Assert.Equal(0, WorkerPool.Shared.AllocatedBytesOnWorkers - workersBefore);
            }
            finally
            {
                foreach (var test in cases) test.Dispose();
                doubles.Dispose();
            }
        });
    }

    [Fact]
    public void ConcurrentCallersGetCorrectResults()
    {
        KernelSettings.With(Simd.BestSupported, 2, () =>
        {
            using var first = new GemmCase<float>(false, false, 200, 300, 100, seed: 21);
            using var second = new GemmCase<float>(true, true, 150, 260, 120, seed: 22);
            float[] firstInitial = first.SnapshotC(), secondInitial = second.SnapshotC();
            Exception? failure = null;
            var other = new Thread(() =>
            {
                try { for (int i = 0; i < 20; i++) second.Run(accumulate: false); }
                catch (Exception e) { failure = e; }
            });
            other.Start();
            for (int i = 0; i < 20; i++) first.Run(accumulate: false);
            other.Join();
            Assert.Null(failure);
            AssertProduct(first, firstInitial, false, Simd.BestSupported, "first caller");
            AssertProduct(second, secondInitial, false, Simd.BestSupported, "second caller");
        });
    }

    [Fact]
    public void EpilogueExceptionReachesTheCaller()
    {
        KernelSettings.With(Simd.BestSupported, 2, () =>
        {
            using var test = new GemmCase<float>(false, false, 256, 256, 256, seed: 8);
            var throwing = new ThrowingEpilogue();
            Assert.Throws<InvalidOperationException>(() => test.Run(false, ref throwing));
            test.Run(accumulate: false); // the pool is usable afterwards
        });
    }

    private struct AddOne<T> : IGemmEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Apply(T* c, int row, int col, int count)
        {
            for (int i = 0; i < count; i++) c[i] += T.One;
        }
    }

    private struct ThrowingEpilogue : IGemmEpilogue<float>
    {
        public void Apply(float* c, int row, int col, int count)
        {
            if (row == 200) throw new InvalidOperationException("from the epilogue");
        }
    }

    /// <summary>
    /// Counts the calls per element, checks the pointer matches (row, col), records the threads, and
    /// applies x → 2x + 1, so a call before K was finished or a second call shows in the result.
    /// </summary>
    private struct CheckingEpilogue<T> : IGemmEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T* _c;
        private readonly int _ldc, _n;
        private readonly HashSet<int> _threads;
        public readonly int* Counts;

        public CheckingEpilogue(GemmCase<T> test)
        {
            _c = test.C.Data;
            _ldc = test.Ldc;
            _n = test.N;
            _threads = [];
            Counts = (int*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)Math.Max(1, test.M * test.N), sizeof(int));
        }

        public static T Transform(T x) => x * T.CreateTruncating(2) + T.One;

        public int ThreadCount
        {
            get { lock (_threads) return _threads.Count; }
        }

        public void Apply(T* c, int row, int col, int count)
        {
            if (c != _c + row * _ldc + col) throw new InvalidOperationException($"segment pointer does not match ({row}, {col})");
            if (col < 0 || count < 1 || col + count > _n) throw new InvalidOperationException($"bad segment ({row}, {col}, {count})");
            lock (_threads) _threads.Add(Environment.CurrentManagedThreadId);
            for (int i = 0; i < count; i++)
            {
                Interlocked.Increment(ref Counts[row * _n + col + i]);
                c[i] = Transform(c[i]);
            }
        }

        public void Free() => System.Runtime.InteropServices.NativeMemory.Free(Counts);
    }
}
