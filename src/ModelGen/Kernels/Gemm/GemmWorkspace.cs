using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Per-thread scratch memory for packed panels. Grown only when a larger problem arrives, so after
/// warm-up a matrix product allocates nothing. Lives on the pinned object heap: the address never
/// moves and the GC frees it when the thread dies.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    /// <summary>Cache-line alignment for every region, so packed vectors never split a line.</summary>
    public const int Alignment = 64;

    [ThreadStatic] private static GemmWorkspace? t_current;

    private byte[]? _storage;
    private byte* _start;
    private nint _capacity;

    public static GemmWorkspace ForCurrentThread
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ??= new GemmWorkspace();
    }

    /// <summary>Rounds a region size up so the next region starts aligned.</summary>
    public static nint AlignedSize<T>(nint elements) where T : unmanaged
        => (elements * sizeof(T) + Alignment - 1) & ~(nint)(Alignment - 1);

    /// <summary>Returns at least <paramref name="bytes"/> of aligned scratch; previous contents are not kept.</summary>
    public byte* Reserve(nint bytes)
    {
        if (bytes > _capacity) Grow(bytes);
        return _start;
    }

    [System.Runtime.InteropServices.DllImport("libc")] private static extern int madvise(void* p, nint len, int advice);
    private void Grow(nint bytes)
    {
        // Grow geometrically so a sequence of slightly larger problems does not reallocate each time.
        nint capacity = Math.Max(bytes, _capacity + _capacity / 2);
        if (Tune.Huge)
        {
            nint huge = 2 << 20;
            capacity = (capacity + huge - 1) & ~(huge - 1);
            _start = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)capacity, (nuint)huge);
            madvise(_start, capacity, 14);
        }
        else
        {
        _storage = GC.AllocateUninitializedArray<byte>(checked((int)(capacity + Alignment)), pinned: true);
        byte* raw = (byte*)Unsafe.AsPointer(ref _storage[0]);
        _start = (byte*)(((nint)raw + Alignment - 1) & ~(nint)(Alignment - 1));
        }
        _capacity = capacity;
    }
}
