using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ModelGen.Checkpoints;

/// <summary>
/// An open safetensors file whose header has been read and validated: the header length is within
/// the file and <see cref="MaxHeaderBytes"/>, the JSON is well-formed, every dtype is supported,
/// every tensor's byte range matches its shape, lies inside the data section and overlaps no other.
/// Tensor data is read on demand, converted to the caller's element type and checked to be finite.
/// Every problem is a <see cref="CheckpointException"/>.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>Headers above this size are refused before anything is allocated for them.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly SafeFileHandle _handle;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorEntry> _byName;

    private SafeTensorsFile(string path, SafeFileHandle handle, long dataStart, List<SafeTensorEntry> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _handle = handle;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, SafeTensorEntry>(tensors.Count, StringComparer.Ordinal);
        foreach (SafeTensorEntry entry in tensors) _byName.Add(entry.Name, entry);
    }

    public string Path { get; }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafeTensorEntry> Tensors { get; }

    /// <summary>The optional "__metadata__" string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public SafeTensorEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Opens <paramref name="path"/> and validates its header.</summary>
    public static SafeTensorsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"cannot open the checkpoint ({e.Message}).", e);
        }
        try
        {
            return ReadHeader(path, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static SafeTensorsFile ReadHeader(string path, SafeFileHandle handle)
    {
        long length = RandomAccess.GetLength(handle);
        if (length < 8)
            throw new CheckpointException(path, $"the file has {length} bytes, fewer than the 8-byte header length: it is truncated or not a safetensors file.");
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(handle, prefix, 0, path, "the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(length - 8))
            throw new CheckpointException(path, $"the header length {headerLength} exceeds the {length - 8} bytes after it: the file is truncated or not a safetensors file.");
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointException(path, $"the header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit: the file is corrupted.");

        var header = new byte[(int)headerLength];
        ReadExactly(handle, header, 8, path, "the header");
        var (entries, metadata) = SafeTensorsHeaderParser.Parse(header, path);
        long dataStart = 8 + (long)headerLength;
        CheckByteRanges(entries, length - dataStart, path);
        return new SafeTensorsFile(path, handle, dataStart, entries, metadata);
    }

    /// <summary>Each range must match its shape, lie inside the data section and overlap no other.</summary>
    private static void CheckByteRanges(List<SafeTensorEntry> entries, long dataLength, string path)
    {
        foreach (SafeTensorEntry e in entries)
        {
            long elements = 1;
            foreach (int d in e.Shape)
            {
                // Any tensor larger than the data section is wrong; checking before multiplying prevents overflow.
                if (d != 0 && elements > dataLength / d) throw new CheckpointException(path, $"tensor '{e.Name}' has shape {e.ShapeText}, more elements than the file holds.");
                elements *= d;
            }
            long bytes = elements * SafeTensorsDTypes.SizeOf(e.DType);
            if (e.Begin > e.End || e.End - e.Begin != bytes)
                throw new CheckpointException(path, $"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] but its shape {e.ShapeText} of {SafeTensorsDTypes.Name(e.DType)} needs {bytes} bytes.");
            if (e.End > dataLength)
                throw new CheckpointException(path, $"tensor '{e.Name}' ends at byte {e.End} of the data section, which has {dataLength} bytes: the file is truncated.");
        }
        var sorted = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Begin < sorted[i - 1].End)
                throw new CheckpointException(path, $"tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap (bytes {sorted[i].Begin}..{sorted[i - 1].End}); the file is corrupted.");
        }
    }

    /// <summary>
    /// Reads a tensor into <paramref name="destination"/> (exactly its element count), converting to
    /// <typeparamref name="T"/>. A value that is NaN or infinite, before or after conversion, is an error
    /// naming the tensor and the element index.
    /// </summary>
    public void Read<T>(SafeTensorEntry entry, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (destination.Length != entry.ElementCount)
            throw new ArgumentException($"tensor '{entry.Name}' has {entry.ElementCount} elements; the destination holds {destination.Length}.", nameof(destination));
        long offset = _dataStart + entry.Begin;
        if (SafeTensorsDTypes.Of<T>() == entry.DType && BitConverter.IsLittleEndian)
        {
            ReadExactly(_handle, MemoryMarshal.AsBytes(destination), offset, Path, $"tensor '{entry.Name}'");
        }
        else
        {
            int size = SafeTensorsDTypes.SizeOf(entry.DType);
            var chunk = new byte[Math.Min(destination.Length * size, 64 * 1024)];
            for (int done = 0; done < destination.Length;)
            {
                int count = Math.Min(chunk.Length / size, destination.Length - done);
                Span<byte> bytes = chunk.AsSpan(0, count * size);
                ReadExactly(_handle, bytes, offset + (long)done * size, Path, $"tensor '{entry.Name}'");
                for (int i = 0; i < count; i++)
                {
                    destination[done + i] = entry.DType == SafeTensorsDType.F64
                        ? T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]))
                        : T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]));
                }
                done += count;
            }
        }
        for (int i = 0; i < destination.Length; i++)
        {
            if (!T.IsFinite(destination[i]))
                throw new CheckpointException(Path, $"tensor '{entry.Name}' element {i} is {destination[i]}{(entry.DType == SafeTensorsDTypes.Of<T>() ? "" : $" as {SafeTensorsDTypes.Name(SafeTensorsDTypes.Of<T>())}")}: checkpoints must hold finite values; the model that saved it had diverged or the file is corrupted.");
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path, string what)
    {
        try
        {
            while (buffer.Length > 0)
            {
                int read = RandomAccess.Read(handle, buffer, offset);
                if (read == 0) throw new CheckpointException(path, $"the file ended while reading {what}; it was truncated or changed while loading.");
                buffer = buffer[read..];
                offset += read;
            }
        }
        catch (IOException e) when (e is not CheckpointException)
        {
            throw new CheckpointException(path, $"cannot read {what} ({e.Message}).", e);
        }
    }

    public void Dispose() => _handle.Dispose();
}
