namespace ModelGen.Checkpoints;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same directory (so the
/// rename stays on one file system), is flushed to disk, and is then renamed over the target. A
/// crash or kill at any point leaves either the previous file or the new one, never a mix; at worst
/// a stray "*.tmp" file remains beside it.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        // A unique name: two processes saving to the same path never write into one temporary file.
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                // Data on disk before the rename: otherwise a power cut could leave the new name on empty blocks.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CheckpointException(path, $"cannot save ({e.Message}); the previous file, if any, is unchanged.", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort: the target is intact either way */ }
    }
}
