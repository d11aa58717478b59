using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ModelGen.Tests.Shipping;

/// <summary>How a fuzz case may end.</summary>
internal enum FuzzExpectation
{
    /// <summary>The corruption always makes the file invalid: the load must refuse it.</summary>
    Refused,
    /// <summary>Only header bytes changed: a load may succeed only with the original tensor values.</summary>
    RefusedOrOriginalValues,
    /// <summary>Only data bytes changed: a load may succeed only when every value is still finite.</summary>
    RefusedOrFiniteValues,
}

/// <summary>A corrupted checkpoint: its bytes, what the corruption was, and what a load may do.</summary>
internal sealed record FuzzCase(string Kind, byte[] Bytes, FuzzExpectation Expectation);

/// <summary>
/// A safetensors file as editable parts (entries, metadata, data), serialized by hand so that a
/// case can break any rule: the cases cover every check the loader makes.
/// </summary>
internal sealed class EditableCheckpoint
{
    public List<(string Name, string DType, string Shape, long Begin, long End)> Entries = [];
    public List<(string Key, string Value)> Metadata = [];
    public byte[] Data = [];

    public static EditableCheckpoint Parse(byte[] file)
    {
        var result = new EditableCheckpoint();
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var json = System.Text.Json.JsonDocument.Parse(file.AsMemory(8, headerLength));
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                foreach (var m in property.Value.EnumerateObject()) result.Metadata.Add((m.Name, m.Value.GetString()!));
                continue;
            }
            var offsets = property.Value.GetProperty("data_offsets");
            result.Entries.Add((property.Name, property.Value.GetProperty("dtype").GetString()!,
                "[" + string.Join(",", property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())) + "]",
                offsets[0].GetInt64(), offsets[1].GetInt64()));
        }
        result.Data = file[(8 + headerLength)..];
        return result;
    }

    public EditableCheckpoint Clone() => new() { Entries = [.. Entries], Metadata = [.. Metadata], Data = (byte[])Data.Clone() };

    public string Header(string? extraEntry = null)
    {
        var parts = new List<string>();
        if (Metadata.Count > 0) parts.Add("\"__metadata__\":{" + string.Join(",", Metadata.Select(m => $"\"{m.Key}\":\"{m.Value}\"")) + "}");
        parts.AddRange(Entries.Select(EntryText));
        if (extraEntry is not null) parts.Add(extraEntry);
        return "{" + string.Join(",", parts) + "}";
    }

    public static string EntryText((string Name, string DType, string Shape, long Begin, long End) e)
        => string.Create(CultureInfo.InvariantCulture, $"\"{e.Name}\":{{\"dtype\":\"{e.DType}\",\"shape\":{e.Shape},\"data_offsets\":[{e.Begin},{e.End}]}}");

    public byte[] ToBytes(string? header = null) => Assemble(Encoding.UTF8.GetBytes(header ?? Header()), Data);

    public static byte[] Assemble(byte[] header, byte[] data, ulong? declaredLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }
}

/// <summary>Generates fuzz cases from a valid checkpoint, reproducibly from a seed.</summary>
internal sealed class CheckpointFuzzer(byte[] valid, int seed)
{
    private readonly EditableCheckpoint _base = EditableCheckpoint.Parse(valid);
    private readonly Random _random = new(seed);
    private static readonly string[] WrongDTypes = ["F16", "BF16", "I64", "I32", "U8", "BOOL", "f32", "", "F8_E4M3", "float32", "F64"];

    public FuzzCase Next()
    {
        int kind = _random.Next(20);
        var c = _base.Clone();
        int pick = _random.Next(c.Entries.Count);
        var e = c.Entries[pick];
        switch (kind)
        {
            case 0: return Refused("truncated", valid[.._random.Next(valid.Length)]);
            case 1: return Refused("random bytes", RandomBytes(_random.Next(0, 600)));
            case 2:
            {
                byte[] bytes = (byte[])valid.Clone();
                ulong huge = (ulong)(valid.Length - 7) + (ulong)_random.NextInt64(0, long.MaxValue) * (ulong)_random.Next(1, 3);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, huge);
                return Refused("header length past the end", bytes);
            }
            case 3:
            {
                byte[] header = Encoding.UTF8.GetBytes(c.Header());
                return Refused("header length too short", EditableCheckpoint.Assemble(header, c.Data, (ulong)_random.Next(header.Length)));
            }
            case 4:
                c.Entries[pick] = e with { Begin = e.Begin + c.Data.Length, End = e.End + c.Data.Length };
                return Refused("offsets past the end", c.ToBytes());
            case 5:
            {
                var other = c.Entries[(pick + 1 + _random.Next(c.Entries.Count - 1)) % c.Entries.Count];
                long shift = _random.Next((int)Math.Max(1, other.End - other.Begin));
                c.Entries[pick] = e with { Begin = other.Begin + shift, End = other.Begin + shift + (e.End - e.Begin) };
                return Refused("overlapping offsets", c.ToBytes());
            }
            case 6:
            {
                int index = _random.Next(c.Data.Length / 4);
                uint bits = 0x7F800000u | (uint)_random.Next(0, 1 << 23) | (_random.Next(2) == 0 ? 0 : 0x80000000u);
                BinaryPrimitives.WriteUInt32LittleEndian(c.Data.AsSpan(index * 4), bits);
                return Refused("NaN or infinite data", c.ToBytes());
            }
            case 7:
                c.Entries[pick] = e with { DType = WrongDTypes[_random.Next(WrongDTypes.Length)] };
                return Refused("wrong dtype", c.ToBytes());
            case 8:
                c.Entries.RemoveAt(pick);
                return Refused("missing tensor", c.ToBytes());
            case 9:
            {
                long begin = c.Data.Length;
                c.Data = [.. c.Data, .. new byte[8]];
                c.Entries.Add(("Extra" + _random.Next(100), "F32", "[2]", begin, begin + 8));
                return Refused("unexpected tensor", c.ToBytes());
            }
            case 10:
            {
                string[] shapes = ["[]", "[0]", "[1]", "[7,5]", "[1,1,1]", "[5,6,1]", "[6,5]", "[3]", "[2,3]"];
                string shape = shapes[_random.Next(shapes.Length)];
                if (shape == e.Shape) shape = "[999]";
                c.Entries[pick] = e with { Shape = shape };
                return Refused("wrong shape", c.ToBytes());
            }
            case 11:
            {
                char[] name = e.Name.ToCharArray();
                name[_random.Next(name.Length)] = (char)('a' + _random.Next(26));
                if (new string(name) == e.Name) name = [.. name, 'x'];
                c.Entries[pick] = e with { Name = new string(name) };
                return Refused("renamed tensor", c.ToBytes());
            }
            case 12:
                return Refused("duplicate name", c.ToBytes(c.Header(EditableCheckpoint.EntryText(e))));
            case 13:
            {
                string[] bad = ["[-1,6]", "[5.0,6]", "[1e3]", "[\"5\",6]", "[null]", "5", "{}", "[5,6,1,1,1,1,1,1,1]", "[99999999999,0]"];
                c.Entries[pick] = e with { Shape = bad[_random.Next(bad.Length)] };
                return Refused("malformed shape", c.ToBytes());
            }
            case 14:
            {
                string[] bad = ["[0]", "[1,2,3]", "[-4,0]", "[0.5,8]", "[\"0\",\"8\"]", "null", "[18446744073709551615,18446744073709551615]"];
                string header = c.Header().Replace($"\"data_offsets\":[{e.Begin},{e.End}]", "\"data_offsets\":" + bad[_random.Next(bad.Length)]);
                return Refused("malformed offsets", c.ToBytes(header));
            }
            case 15:
                c.Entries[pick] = e with { Begin = e.End, End = e.Begin };
                return Refused("begin after end", c.ToBytes());
            case 16:
            {
                // A nesting bomb or an invalid UTF-8 name inside an otherwise valid file.
                string header = _random.Next(2) == 0
                    ? c.Header(new string('[', 5000) + new string(']', 5000))
                    : c.Header();
                byte[] bytes = Encoding.UTF8.GetBytes(header);
                if (header == c.Header()) bytes[bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(e.Name)) + 1] = 0xC3;
                return Refused("nesting bomb or invalid UTF-8", EditableCheckpoint.Assemble(bytes, c.Data));
            }
            case 17:
            {
                byte[] header = Encoding.UTF8.GetBytes(c.Header());
                int count = 1 + _random.Next(4);
                for (int i = 0; i < count; i++) header[_random.Next(header.Length)] ^= (byte)(1 << _random.Next(8));
                return new FuzzCase("flipped header bits", EditableCheckpoint.Assemble(header, c.Data), FuzzExpectation.RefusedOrOriginalValues);
            }
            case 18:
            {
                string header = c.Header();
                int at = _random.Next(header.Length);
                const string structural = "{}[],:\" ";
                header = _random.Next(2) == 0 ? header.Remove(at, 1) : header.Insert(at, structural[_random.Next(structural.Length)].ToString());
                return new FuzzCase("inserted or deleted header character", c.ToBytes(header), FuzzExpectation.RefusedOrOriginalValues);
            }
            default:
            {
                int count = 1 + _random.Next(4);
                for (int i = 0; i < count; i++) c.Data[_random.Next(c.Data.Length)] ^= (byte)(1 << _random.Next(8));
                return new FuzzCase("flipped data bits", c.ToBytes(), FuzzExpectation.RefusedOrFiniteValues);
            }
        }
    }

    private static FuzzCase Refused(string kind, byte[] bytes) => new(kind, bytes, FuzzExpectation.Refused);

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
