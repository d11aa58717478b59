namespace ModelGen.Cuda;

/// <summary>One argument of a kernel launch: a device pointer, a 32-bit unsigned integer or a float.</summary>
public readonly struct KernelArgument
{
    private KernelArgument(ulong bits, int size, bool isFloat) { Bits = bits; Size = size; IsFloat = isFloat; }

    /// <summary>The raw little-endian bits (low <see cref="Size"/> bytes are used).</summary>
    public ulong Bits { get; }
    public int Size { get; }
    public bool IsFloat { get; }

    public static KernelArgument Pointer(ulong address) => new(address, 8, false);
    public static KernelArgument UInt32(uint value) => new(value, 4, false);
    public static KernelArgument UInt64(ulong value) => new(value, 8, false);
    public static KernelArgument Float(float value) => new(BitConverter.SingleToUInt32Bits(value), 4, true);
}

/// <summary>
/// What a model needs from a device to run its PTX program: load the module, own memory, copy,
/// launch, wait. <see cref="CudaDevice"/> implements it with the CUDA driver; the tests implement
/// it with a PTX interpreter, so the same <see cref="DeviceSession"/> logic runs on both.
/// </summary>
public interface IKernelDevice : IDisposable
{
    /// <summary>A short description for messages ("CUDA device 0", "PTX interpreter").</summary>
    string Name { get; }

    void LoadModule(string ptx);
    ulong Allocate(long bytes);
    void Free(ulong address);
    void Upload<T>(ReadOnlySpan<T> source, ulong destination) where T : unmanaged;
    void Download<T>(ulong source, Span<T> destination) where T : unmanaged;
    void Launch(string kernel, (int X, int Y) grid, (int X, int Y) block, ReadOnlySpan<KernelArgument> arguments);
    void Synchronize();
}
