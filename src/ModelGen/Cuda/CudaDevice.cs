using System.Runtime.InteropServices;
using System.Text;

namespace ModelGen.Cuda;

/// <summary>
/// A CUDA context on one GPU, with the model's PTX module loaded by the driver (the driver JIT
/// assembles PTX for the GPU it finds, so no toolkit is needed). Every failing call throws a
/// <see cref="CudaException"/> that names the call and the driver's error.
/// </summary>
public sealed unsafe class CudaDevice : IKernelDevice
{
    private readonly Dictionary<string, IntPtr> _functions = new(StringComparer.Ordinal);
    private readonly IntPtr _context;
    private IntPtr _module;
    private bool _disposed;

    /// <summary>Opens device <paramref name="ordinal"/>; throws <see cref="CudaUnavailableException"/> without a driver or a GPU.</summary>
    public CudaDevice(int ordinal = 0)
    {
        if (!IsUsable(out string? reason, out int count)) throw new CudaUnavailableException(reason!);
        if (ordinal < 0 || ordinal >= count)
            throw new CudaUnavailableException($"no CUDA device {ordinal}: the driver reports {count} device(s); use Device.Cpu");
        CudaDriver.Check(CudaDriver.cuDeviceGet(out int device, ordinal), "cuDeviceGet");
        CudaDriver.Check(CudaDriver.cuCtxCreate_v2(out _context, 0, device), "cuCtxCreate_v2");
        Name = $"CUDA device {ordinal}";
    }

    /// <summary>Whether the driver library loads here; <paramref name="reason"/> says why not.</summary>
    public static bool IsDriverAvailable(out string? reason) => CudaDriver.TryLoad(out reason);

    /// <summary>Whether the driver loads, initializes and sees at least one GPU; <paramref name="reason"/> says why not.</summary>
    public static bool IsUsable(out string? reason) => IsUsable(out reason, out _);

    private static bool IsUsable(out string? reason, out int count)
    {
        count = 0;
        if (!CudaDriver.TryLoad(out reason)) return false;
        int result = CudaDriver.cuInit(0);
        if (result == 0) result = CudaDriver.cuDeviceGetCount(out count);
        if (result != 0)
        {
            reason = $"no usable CUDA device: the driver ({CudaDriver.LibraryFile}) loaded but cuInit/cuDeviceGetCount failed with {CudaDriver.Describe(result)}; use Device.Cpu";
            return false;
        }
        if (count == 0) reason = "no CUDA device: the driver reports none; use Device.Cpu";
        return count > 0;
    }

    public string Name { get; }

    public void LoadModule(string ptx)
    {
        MakeCurrent();
        byte[] image = Encoding.UTF8.GetBytes(ptx + "\0");
        fixed (byte* text = image) CudaDriver.Check(CudaDriver.cuModuleLoadData(out _module, text), "cuModuleLoadData");
        _functions.Clear();
    }

    public ulong Allocate(long bytes)
    {
        MakeCurrent();
        CudaDriver.Check(CudaDriver.cuMemAlloc_v2(out ulong pointer, (nuint)Math.Max(bytes, 4)), "cuMemAlloc_v2");
        return pointer;
    }

    public void Free(ulong address)
    {
        if (address == 0 || _disposed) return;
        MakeCurrent();
        CudaDriver.Check(CudaDriver.cuMemFree_v2(address), "cuMemFree_v2");
    }

    public void Upload<T>(ReadOnlySpan<T> source, ulong destination) where T : unmanaged
    {
        MakeCurrent();
        fixed (T* pointer = source)
            CudaDriver.Check(CudaDriver.cuMemcpyHtoD_v2(destination, pointer, (nuint)(source.Length * sizeof(T))), "cuMemcpyHtoD_v2");
    }

    public void Download<T>(ulong source, Span<T> destination) where T : unmanaged
    {
        MakeCurrent();
        fixed (T* pointer = destination)
            CudaDriver.Check(CudaDriver.cuMemcpyDtoH_v2(pointer, source, (nuint)(destination.Length * sizeof(T))), "cuMemcpyDtoH_v2");
    }

    public void Launch(string kernel, (int X, int Y) grid, (int X, int Y) block, ReadOnlySpan<KernelArgument> arguments)
    {
        MakeCurrent();
        if (!_functions.TryGetValue(kernel, out IntPtr function))
        {
            if (_module == IntPtr.Zero) throw new InvalidOperationException("Load the PTX module before launching kernels.");
            CudaDriver.Check(CudaDriver.cuModuleGetFunction(out function, _module, kernel), $"cuModuleGetFunction({kernel})");
            _functions[kernel] = function;
        }
        // cuLaunchKernel takes one pointer per argument, to the argument's value.
        ulong* values = stackalloc ulong[arguments.Length];
        void** pointers = stackalloc void*[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i].Bits;
            pointers[i] = &values[i];
        }
        CudaDriver.Check(CudaDriver.cuLaunchKernel(function, (uint)grid.X, (uint)grid.Y, 1, (uint)block.X, (uint)block.Y, 1, 0, IntPtr.Zero, pointers, null),
            $"cuLaunchKernel({kernel})");
    }

    public void Synchronize()
    {
        MakeCurrent();
        CudaDriver.Check(CudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    private void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CudaDriver.Check(CudaDriver.cuCtxSetCurrent(_context), "cuCtxSetCurrent");
    }

    public void Dispose()
    {
        if (_disposed) return;
        if (_module != IntPtr.Zero) CudaDriver.cuModuleUnload(_module);
        CudaDriver.cuCtxDestroy_v2(_context);
        _disposed = true;
    }
}
