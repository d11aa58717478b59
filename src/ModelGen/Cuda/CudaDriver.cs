using System.Reflection;
using System.Runtime.InteropServices;

namespace ModelGen.Cuda;

/// <summary>
/// The CUDA driver API (libcuda, installed with the NVIDIA driver; no toolkit needed), bound with
/// LibraryImport against the logical name "cuda". The library is loaded lazily, on the first use,
/// with NativeLibrary.TryLoad ("libcuda.so.1" on Linux, "nvcuda" on Windows), so a machine without
/// the driver only fails when the GPU is actually requested, with <see cref="CudaUnavailableException"/>.
/// </summary>
internal static partial class CudaDriver
{
    private const string Library = "cuda";
    private static readonly object Gate = new();
    private static IntPtr _handle;
    private static string? _failure;
    private static bool _resolverInstalled;

    /// <summary>The file the loader tries on this platform.</summary>
    public static string LibraryFile => OperatingSystem.IsWindows() ? "nvcuda" : "libcuda.so.1";

    /// <summary>Why the driver cannot be used, or null when it loaded.</summary>
    public static bool TryLoad(out string? reason)
    {
        lock (Gate)
        {
            if (_handle == IntPtr.Zero && _failure is null)
            {
                if (NativeLibrary.TryLoad(LibraryFile, out IntPtr handle))
                {
                    _handle = handle;
                    InstallResolver();
                }
                else
                {
                    _failure = $"no CUDA driver: {LibraryFile} was not found; install the NVIDIA driver or use Device.Cpu";
                }
            }
            reason = _failure;
            return _failure is null;
        }
    }

    /// <summary>Loads the driver and initializes it, or throws <see cref="CudaUnavailableException"/>.</summary>
    public static void EnsureLoaded()
    {
        if (!TryLoad(out string? reason)) throw new CudaUnavailableException(reason!);
    }

    private static void InstallResolver()
    {
        if (_resolverInstalled) return;
        NativeLibrary.SetDllImportResolver(typeof(CudaDriver).Assembly, Resolve);
        _resolverInstalled = true;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Library ? _handle : IntPtr.Zero;

    /// <summary>Throws a <see cref="CudaException"/> naming the call and the driver's error name and text.</summary>
    public static void Check(int result, string call)
    {
        if (result != 0) throw new CudaException(result, call, Describe(result));
    }

    /// <summary>"CUDA_ERROR_NAME: description" from the driver.</summary>
    public static unsafe string Describe(int result)
    {
        byte* name = null, text = null;
        string errorName = cuGetErrorName(result, &name) == 0 && name != null ? Marshal.PtrToStringUTF8((IntPtr)name)! : $"CUDA error {result}";
        string description = cuGetErrorString(result, &text) == 0 && text != null ? Marshal.PtrToStringUTF8((IntPtr)text)! : "unknown error";
        return $"{errorName}: {description}";
    }

    [LibraryImport(Library)] internal static partial int cuInit(uint flags);
    [LibraryImport(Library)] internal static partial int cuDeviceGetCount(out int count);
    [LibraryImport(Library)] internal static partial int cuDeviceGet(out int device, int ordinal);
    [LibraryImport(Library)] internal static partial int cuCtxCreate_v2(out IntPtr context, uint flags, int device);
    [LibraryImport(Library)] internal static partial int cuCtxDestroy_v2(IntPtr context);
    [LibraryImport(Library)] internal static partial int cuCtxSetCurrent(IntPtr context);
    [LibraryImport(Library)] internal static unsafe partial int cuModuleLoadData(out IntPtr module, byte* image);
    [LibraryImport(Library)] internal static partial int cuModuleUnload(IntPtr module);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int cuModuleGetFunction(out IntPtr function, IntPtr module, string name);
    [LibraryImport(Library)] internal static partial int cuMemAlloc_v2(out ulong pointer, nuint bytes);
    [LibraryImport(Library)] internal static partial int cuMemFree_v2(ulong pointer);
    [LibraryImport(Library)] internal static unsafe partial int cuMemcpyHtoD_v2(ulong destination, void* source, nuint bytes);
    [LibraryImport(Library)] internal static unsafe partial int cuMemcpyDtoH_v2(void* destination, ulong source, nuint bytes);
    [LibraryImport(Library)] internal static unsafe partial int cuLaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ,
        uint blockX, uint blockY, uint blockZ, uint sharedBytes, IntPtr stream, void** parameters, void** extra);
    [LibraryImport(Library)] internal static partial int cuCtxSynchronize();
    [LibraryImport(Library)] internal static unsafe partial int cuGetErrorString(int result, byte** text);
    [LibraryImport(Library)] internal static unsafe partial int cuGetErrorName(int result, byte** name);
}
