using System.Runtime.InteropServices;

namespace ModelGen.Ptx.Tests.Interpreter;

/// <summary>
/// Device memory for the interpreter: each allocation gets its own 4 GiB window
/// (address = (index + 1)·2^32 + offset), so every access is bounds-checked against the buffer it
/// points into and an out-of-range index fails loudly instead of corrupting a neighbour.
/// </summary>
internal sealed class GlobalMemory
{
    private readonly List<byte[]> _buffers = new();

    public ulong Allocate(int bytes)
    {
        _buffers.Add(new byte[Math.Max(bytes, 4)]);
        return (ulong)_buffers.Count << 32;
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
