using System.Runtime.InteropServices;
using ModelGen.Cuda;

namespace ModelGen.Ptx.Tests.Interpreter;

/// <summary>The PTX interpreter behind the runtime's device interface, so DeviceSession and UseDevice run without a GPU.</summary>
internal sealed class InterpreterDevice : IKernelDevice
{
    private readonly GlobalMemory _memory = new();
    private PtxInterpreter? _interpreter;

    public string Name => "PTX interpreter";
    public int Launches { get; private set; }

    public void LoadModule(string ptx) => _interpreter = new PtxInterpreter(ptx, _memory);
    public ulong Allocate(long bytes) => _memory.Allocate(checked((int)bytes));
    public void Free(ulong address) { } // allocations live as long as the device
    public void Upload<T>(ReadOnlySpan<T> source, ulong destination) where T : unmanaged => _memory.Write(destination, MemoryMarshal.AsBytes(source));
    public void Download<T>(ulong source, Span<T> destination) where T : unmanaged => _memory.Read(source, MemoryMarshal.AsBytes(destination));
    public void Synchronize() { }
    public void Dispose() { }

    public void Launch(string kernel, (int X, int Y) grid, (int X, int Y) block, ReadOnlySpan<KernelArgument> arguments)
    {
        var values = new object[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            KernelArgument a = arguments[i];
            values[i] = a.Size == 8 ? (object)a.Bits : a.IsFloat ? BitConverter.UInt32BitsToSingle((uint)a.Bits) : (object)(uint)a.Bits;
        }
        (_interpreter ?? throw new InvalidOperationException("No module loaded.")).Launch(kernel, grid, block, values);
        Launches++;
    }
}
