using System.Numerics;

namespace ModelGen.Checkpoints;

/// <summary>
/// Reads bound tensors from a validated file into a new arena, checking first that the file holds
/// exactly the bound names (apart from ones the caller ignores) with the bound shapes. The arena is
/// returned for the caller to copy into the model in one step, so a failure never leaves a model
/// half-loaded.
/// </summary>
internal static class TensorStaging
{
    public static T[] Read<T>(SafeTensorsFile file, IReadOnlyList<TensorBinding> bindings, int arenaLength, string modelName, Func<string, bool>? ignore = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckNamesAndShapes(file, bindings, modelName, ignore);
        var arena = new T[arenaLength];
        T[]? scratch = null;
        foreach (TensorBinding b in bindings)
        {
            SafeTensorEntry entry = file.Find(b.FileName)!;
            if (!b.Transposed)
            {
                file.Read(entry, arena.AsSpan(b.ArenaOffset, b.Length));
                continue;
            }
            if (scratch is null || scratch.Length < b.Length) scratch = new T[b.Length];
            Span<T> stored = scratch.AsSpan(0, b.Length);
            file.Read(entry, stored);
            Span<T> target = arena.AsSpan(b.ArenaOffset, b.Length);
            for (int c = 0; c < b.Columns; c++)
            {
                for (int r = 0; r < b.Rows; r++) target[r * b.Columns + c] = stored[c * b.Rows + r];
            }
        }
        return arena;
    }

    private static void CheckNamesAndShapes(SafeTensorsFile file, IReadOnlyList<TensorBinding> bindings, string modelName, Func<string, bool>? ignore)
    {
        var expected = new HashSet<string>(bindings.Select(b => b.FileName), StringComparer.Ordinal);
        foreach (SafeTensorEntry entry in file.Tensors)
        {
            if (!expected.Contains(entry.Name) && ignore?.Invoke(entry.Name) != true)
                throw new CheckpointException(file.Path,
                    $"tensor '{entry.Name}' is not a parameter of {modelName} (expected {List(expected)}): the file was saved from a different model; load it into that model, or map the names.");
        }
        foreach (TensorBinding b in bindings)
        {
            SafeTensorEntry? entry = file.Find(b.FileName);
            if (entry is null)
                throw new CheckpointException(file.Path,
                    $"tensor '{b.FileName}' is missing (the file has {List(file.Tensors.Select(t => t.Name))}): the file was saved from a different model; load it into that model, or map the names.");
            if (!entry.Shape.SequenceEqual(b.FileShape))
                throw new CheckpointException(file.Path,
                    $"tensor '{b.FileName}' has shape {entry.ShapeText} but {modelName} needs {b.FileShapeText}: the file comes from a model with other layer sizes; change the model's sizes to match, or load a matching file.");
        }
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.Order(StringComparer.Ordinal).ToList();
        string shown = string.Join(", ", all.Take(12).Select(n => $"'{n}'"));
        return all.Count == 0 ? "no tensors" : all.Count > 12 ? $"{shown} and {all.Count - 12} more" : shown;
    }
}
