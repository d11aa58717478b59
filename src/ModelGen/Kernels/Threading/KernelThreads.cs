namespace ModelGen.Kernels;

/// <summary>How many threads the CPU kernels may use for one call (the caller's thread included).</summary>
public static class KernelThreads
{
    private static int _count = Math.Min(2, Environment.ProcessorCount);

    /// <summary>
    /// Threads a kernel may use. Defaults to min(2, processor count). Changing it is cheap: worker
    /// threads are created on first need and kept; surplus ones simply stay idle.
    /// </summary>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _count, value);
        }
    }
}
