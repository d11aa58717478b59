using System.Text.Json;

namespace ModelGen.Checkpoints;

/// <summary>
/// Parses a safetensors JSON header with <see cref="Utf8JsonReader"/>: no reflection (trimming- and
/// AOT-safe) and no allocation beyond the entries themselves. Strict: duplicate names, unknown
/// fields, negative or fractional numbers and unsupported dtypes are errors, each reported as a
/// <see cref="CheckpointException"/> naming the tensor.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    public const string MetadataKey = "__metadata__";

    /// <summary>More dimensions than any tensor ModelGen stores; bounds the work per entry.</summary>
    private const int MaxRank = 8;

    public static (List<SafeTensorEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> json, string path)
    {
        if (json.Length == 0 || json[0] != (byte)'{')
            throw new CheckpointException(path, "the header is not a JSON object (it must start with '{'); the file is not a safetensors file or is corrupted.");
        var entries = new List<SafeTensorEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, path, "the header");
            while (true)
            {
                Read(ref reader, path, "the header");
                if (reader.TokenType == JsonTokenType.EndObject) break;
                string name = reader.GetString()!;
                if (!names.Add(name)) throw new CheckpointException(path, $"the header names '{name}' twice; each tensor must appear once.");
                if (name == MetadataKey) ReadMetadata(ref reader, metadata, path);
                else entries.Add(ReadEntry(ref reader, name, path));
            }
            if (reader.Read()) throw new CheckpointException(path, "the header has content after its closing '}'.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the header is not well-formed JSON ({e.Message}); the file is corrupted: save it again.", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString throws this for text that is not valid UTF-8.
            throw new CheckpointException(path, $"the header has a malformed string ({e.Message}); the file is corrupted: save it again.", e);
        }
        return (entries, metadata);
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string path)
    {
        const string where = "the __metadata__ object";
        Expect(ref reader, JsonTokenType.StartObject, path, where);
        while (true)
        {
            Read(ref reader, path, where);
            if (reader.TokenType == JsonTokenType.EndObject) return;
            string key = reader.GetString()!;
            Expect(ref reader, JsonTokenType.String, path, $"__metadata__ key '{key}' (values are strings)");
            if (!metadata.TryAdd(key, reader.GetString()!)) throw new CheckpointException(path, $"__metadata__ has key '{key}' twice.");
        }
    }

    private static SafeTensorEntry ReadEntry(ref Utf8JsonReader reader, string name, string path)
    {
        string where = $"tensor '{name}'";
        if (name.Length == 0) throw new CheckpointException(path, "the header has a tensor with an empty name.");
        Expect(ref reader, JsonTokenType.StartObject, path, where);
        string? dtypeName = null;
        List<int>? shape = null;
        long[]? offsets = null;
        while (true)
        {
            Read(ref reader, path, where);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string field = reader.GetString()!;
            switch (field)
            {
                case "dtype" when dtypeName is null:
                    Expect(ref reader, JsonTokenType.String, path, $"{where} dtype");
                    dtypeName = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, path, $"{where} shape", MaxRank, int.MaxValue).ConvertAll(d => (int)d);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, path, $"{where} data_offsets", 2, long.MaxValue).ToArray();
                    break;
                default:
                    throw new CheckpointException(path, $"{where} has an unexpected or repeated field '{field}' (expected dtype, shape, data_offsets once each).");
            }
        }
        if (dtypeName is null || shape is null || offsets is null)
            throw new CheckpointException(path, $"{where} lacks {(dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets")}.");
        if (!SafeTensorsDTypes.TryParse(dtypeName, out SafeTensorsDType dtype))
            throw new CheckpointException(path, $"{where} has dtype '{dtypeName}'; ModelGen reads F32 and F64: convert the tensor (for example tensor.float()) before saving.");
        if (offsets.Length != 2)
            throw new CheckpointException(path, $"{where} data_offsets must be [begin, end], found {offsets.Length} number(s).");
        return new SafeTensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /// <summary>Reads an array of at most <paramref name="maxCount"/> integers in [0, <paramref name="max"/>].</summary>
    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string path, string where, int maxCount, long max)
    {
        Expect(ref reader, JsonTokenType.StartArray, path, where);
        var values = new List<long>(maxCount);
        while (true)
        {
            Read(ref reader, path, where);
            if (reader.TokenType == JsonTokenType.EndArray) return values;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0 || value > max)
                throw new CheckpointException(path, $"{where} must hold integers in [0, {max}].");
            if (values.Count == maxCount) throw new CheckpointException(path, $"{where} has more than {maxCount} numbers.");
            values.Add(value);
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string path, string where)
    {
        Read(ref reader, path, where);
        if (reader.TokenType != expected)
            throw new CheckpointException(path, $"{where}: expected {Describe(expected)}, found {Describe(reader.TokenType)}.");
    }

    private static void Read(ref Utf8JsonReader reader, string path, string where)
    {
        if (!reader.Read()) throw new CheckpointException(path, $"the header ends inside {where}; the file is truncated or corrupted.");
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.EndObject => "'}'",
        JsonTokenType.EndArray => "']'",
        _ => token.ToString(),
    };
}
