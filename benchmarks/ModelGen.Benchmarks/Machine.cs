using System.Runtime.InteropServices;

namespace ModelGen.Benchmarks;

/// <summary>What the numbers are relative to, and a description of where they were measured.</summary>
internal static class Machine
{
    /// <summary>
    /// FP32 FMA peak of one Zen 5 core with 512-bit vectors: 2 FMA pipes x 16 lanes x 2 flops x ~4.2 GHz
    /// (measured, shared/research/perf-anchors.md). Percentages of peak are against this times the
    /// number of threads used, so 2-thread rows are relative to both cores.
    /// </summary>
    public const double PeakGflopsPerCore = 268;

    public static string CpuName { get; } = ReadCpuName();

    public static string Runtime => RuntimeInformation.FrameworkDescription;

    private static string ReadCpuName()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
