using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ModelGen.Checkpoints;

/// <summary>
/// Collects named tensors and writes them as one safetensors file: an 8-byte little-endian header
/// length, a JSON header (padded with spaces so the data starts 8-byte aligned) and the raw
/// little-endian data in the order the tensors were added.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly List<(string Name, SafeTensorsDType DType, int[] Shape, byte[] Data)> _tensors = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Adds a tensor, stored in the dtype that holds <typeparamref name="T"/> exactly.</summary>
    public void Add<T>(string name, int[] shape, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == SafeTensorsHeaderParser.MetadataKey) throw new ArgumentException($"'{name}' is reserved for metadata.", nameof(name));
        if (_tensors.Exists(t => t.Name == name)) throw new ArgumentException($"a tensor named '{name}' was already added.", nameof(name));
        long elements = 1;
        foreach (int d in shape) elements *= d >= 0 ? d : throw new ArgumentException($"shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
        if (elements != values.Length) throw new ArgumentException($"shape [{string.Join(", ", shape)}] has {elements} elements but {values.Length} values were given.", nameof(values));

        SafeTensorsDType dtype = SafeTensorsDTypes.Of<T>();
        byte[] data = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) ReverseEachElement(data, SafeTensorsDTypes.SizeOf(dtype));
        _tensors.Add((name, dtype, (int[])shape.Clone(), data));
    }

    /// <summary>Sets a "__metadata__" entry (safetensors metadata values are strings).</summary>
    public void SetMetadata(string key, string value) => _metadata[key] = value;

    public void WriteTo(Stream stream)
    {
        byte[] header = Header();
        int padding = (8 - header.Length % 8) % 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)(header.Length + padding));
        stream.Write(prefix);
        stream.Write(header);
        for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');
        foreach (var tensor in _tensors) stream.Write(tensor.Data);
    }

    /// <summary>Writes the file atomically: see <see cref="AtomicFile"/>.</summary>
    public void WriteTo(string path) => AtomicFile.Write(path, WriteTo);

    private byte[] Header()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject(SafeTensorsHeaderParser.MetadataKey);
                foreach (var (key, value) in _metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in _tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", SafeTensorsDTypes.Name(tensor.DType));
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Data.Length;
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void ReverseEachElement(byte[] data, int size)
    {
        for (int i = 0; i < data.Length; i += size) data.AsSpan(i, size).Reverse();
    }
}
