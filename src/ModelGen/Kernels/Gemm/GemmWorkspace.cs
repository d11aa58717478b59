using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>
/// Per-thread scratch memory for packed panels. Grown only when a larger problem arrives, so after
/// warm-up a matrix product allocates nothing. Lives on the pinned object heap: the address never
/// moves and the GC frees it when the thread dies. A product started while the thread's workspace is
/// in use (from inside an epilogue) gets a workspace of its own instead of overwriting the panels
/// of the product that is still running.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    /// <summary>Cache-line alignment for every region, so packed vectors never split a line.</summary>
    public const int Alignment = 64;

    [ThreadStatic] private static GemmWorkspace? t_current;

    private byte[]? _storage;
    private byte* _start;
    private nint _capacity;
    private bool _inUse;
    private GemmWorkspace? _nested;

    /// <summary>Takes a free workspace of the calling thread; give it back with <see cref="Release"/>.</summary>
    public static GemmWorkspace Acquire()
    {
        GemmWorkspace workspace = t_current ??= new GemmWorkspace();
        while (workspace._inUse) workspace = workspace._nested ??= new GemmWorkspace();
        workspace._inUse = true;
        return workspace;
    }

    public void Release() => _inUse = false;

    /// <summary>Rounds a region size up so the next region starts aligned.</summary>
    public static nint AlignedSize<T>(nint elements) where T : unmanaged
        => (elements * sizeof(T) + Alignment - 1) & ~(nint)(Alignment - 1);

    /// <summary>Returns at least <paramref name="bytes"/> of aligned scratch; previous contents are not kept.</summary>
    public byte* Reserve(nint bytes)
    {
        if (bytes > _capacity) Grow(bytes);
        return _start;
    }

    private void Grow(nint bytes)
    {
        // Grow geometrically so a sequence of slightly larger problems does not reallocate each time.
        nint capacity = Math.Max(bytes, _capacity + _capacity / 2);
        _storage = GC.AllocateUninitializedArray<byte>(checked((int)(capacity + Alignment)), pinned: true);
        byte* raw = (byte*)Unsafe.AsPointer(ref _storage[0]);
        _start = (byte*)(((nint)raw + Alignment - 1) & ~(nint)(Alignment - 1));
        _capacity = capacity;
    }
}
