using System.Runtime.InteropServices;

namespace ModelGen.Ptx.Tests.Interpreter;

/// <summary>
/// Device memory for the interpreter: each allocation gets its own 4 GiB window
/// (address = (index + 1)·2^32 + offset), so every access is bounds-checked against the buffer it
/// points into and an out-of-range index fails loudly instead of corrupting a neighbour.
/// <para>
/// Device accesses are also checked for data races within a launch: each word remembers which
/// thread wrote it and which thread(s) read it in the current launch; a word written by one thread
/// and read or written by another in the same launch is an error, in either order (no kernel may
/// rely on ordering between threads without a barrier, and there is none across blocks).
/// </para>
/// </summary>
internal sealed class GlobalMemory
{
    private readonly List<byte[]> _buffers = new();
    private readonly List<Shadow> _shadows = new();
    private int _launch;

    public ulong Allocate(int bytes)
    {
        int size = Math.Max(bytes, 4);
        _buffers.Add(new byte[size]);
        _shadows.Add(new Shadow((size + 3) / 4));
        return (ulong)_buffers.Count << 32;
    }

    /// <summary>Starts a new kernel launch for the race checks.</summary>
    public void BeginLaunch() => _launch++;

    public uint DeviceRead32(ulong address, int thread, string where)
    {
        CheckRace(address, thread, write: false, where);
        return Read32(address);
    }

    public void DeviceWrite32(ulong address, uint value, int thread, string where)
    {
        CheckRace(address, thread, write: true, where);
        Write32(address, value);
    }

    private void CheckRace(ulong address, int thread, bool write, string where)
    {
        Buffer(address, 4, out int offset);
        if (!_shadows[(int)(address >> 32) - 1].Access(offset / 4, thread + 1, write, _launch, out int other)) return;
        throw new InvalidOperationException($"PTX interpreter: data race at {where}: thread {thread} {(write ? "writes" : "reads")} global word {offset / 4} that {(other < 0 ? "several threads" : "thread " + (other - 1))} accessed in the same launch.");
    }

    public ulong Upload(ReadOnlySpan<float> values)
    {
        ulong address = Allocate(values.Length * 4);
        MemoryMarshal.AsBytes(values).CopyTo(Buffer(address, values.Length * 4, out int offset).AsSpan(offset));
        return address;
    }

    public ulong Upload(ReadOnlySpan<int> values)
    {
        ulong address = Allocate(values.Length * 4);
        MemoryMarshal.AsBytes(values).CopyTo(Buffer(address, values.Length * 4, out int offset).AsSpan(offset));
        return address;
    }

    public float[] DownloadFloats(ulong address, int count)
    {
        var result = new float[count];
        Buffer(address, count * 4, out int offset).AsSpan(offset, count * 4).CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    public void Write(ulong address, ReadOnlySpan<byte> bytes) => bytes.CopyTo(Buffer(address, bytes.Length, out int offset).AsSpan(offset));

    public void Read(ulong address, Span<byte> bytes) => Buffer(address, bytes.Length, out int offset).AsSpan(offset, bytes.Length).CopyTo(bytes);

    public uint Read32(ulong address) => BitConverter.ToUInt32(Buffer(address, 4, out int offset), offset);

    public void Write32(ulong address, uint value) => BitConverter.TryWriteBytes(Buffer(address, 4, out int offset).AsSpan(offset), value);

    private byte[] Buffer(ulong address, int bytes, out int offset)
    {
        long index = (long)(address >> 32) - 1;
        offset = (int)(address & 0xFFFF_FFFF);
        if (index < 0 || index >= _buffers.Count)
            throw new InvalidOperationException($"PTX interpreter: global address 0x{address:X} is in no allocation.");
        byte[] buffer = _buffers[(int)index];
        if ((address & 3) != 0 || offset + bytes > buffer.Length)
            throw new InvalidOperationException($"PTX interpreter: global access of {bytes} bytes at offset {offset} of a {buffer.Length}-byte allocation (misaligned or out of bounds).");
        return buffer;
    }
}

/// <summary>
/// Per-word access history within one epoch (a launch, or for shared memory the span between two
/// barriers): the writer and the reader (0 none, -1 several). Threads are numbered from 1.
/// </summary>
internal sealed class Shadow(int words)
{
    private readonly int[] _writer = new int[words], _writeEpoch = new int[words];
    private readonly int[] _reader = new int[words], _readEpoch = new int[words];

    /// <summary>Records the access; true (with the other party) when it races with another thread's access.</summary>
    public bool Access(int word, int thread, bool write, int epoch, out int other)
    {
        other = 0;
        if (_writeEpoch[word] == epoch && _writer[word] != thread) { other = _writer[word]; return true; }
        if (write)
        {
            if (_readEpoch[word] == epoch && _reader[word] != thread) { other = _reader[word]; return true; }
            _writeEpoch[word] = epoch;
            _writer[word] = thread;
        }
        else if (_readEpoch[word] != epoch) { _readEpoch[word] = epoch; _reader[word] = thread; }
        else if (_reader[word] != thread) _reader[word] = -1;
        return false;
    }
}
