using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelGen.Ptx.Tests.Ptxas;

/// <summary>What ptxas -v reports for one kernel.</summary>
public sealed record KernelResources(string Kernel, int Registers, int SharedBytes, int StackBytes, int SpillStores, int SpillLoads);

/// <summary>
/// Runs NVIDIA's PTX assembler, which scripts/fetch-ptxas.sh unpacks into .cache/ptxas (or the
/// PTXAS environment variable names). No GPU is needed to assemble.
/// </summary>
public static partial class Ptxas
{
    public static string Locate()
    {
        string? configured = Environment.GetEnvironmentVariable("PTXAS");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured)) return configured;
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, ".cache", "ptxas", "root", "usr", "bin", "ptxas");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            "ptxas was not found: run scripts/fetch-ptxas.sh (it downloads Debian's nvidia-cuda-toolkit package and unpacks ptxas into .cache/ptxas), " +
            "or set PTXAS to a ptxas executable. The PTX validation tests cannot pass without it.");
    }

    /// <summary>Assembles <paramref name="module"/> for <paramref name="arch"/> with -v; throws with ptxas's messages on failure.</summary>
    public static IReadOnlyList<KernelResources> Assemble(string module, string arch)
    {
        string directory = Path.Combine(Path.GetTempPath(), "modelgen-ptxas-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string input = Path.Combine(directory, "module.ptx");
            File.WriteAllText(input, module);
            var start = new ProcessStartInfo(Locate(), $"-arch={arch} -v -o \"{Path.Combine(directory, "module.cubin")}\" \"{input}\"")
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            string log = process.StandardError.ReadToEnd() + stdout.Result;
            if (!process.WaitForExit(120_000)) { process.Kill(); throw new TimeoutException("ptxas did not finish in two minutes."); }
            if (process.ExitCode != 0) throw new InvalidOperationException($"ptxas -arch={arch} failed (exit {process.ExitCode}):\n{log}");
            return Parse(log);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IReadOnlyList<KernelResources> Parse(string log)
    {
        var kernels = new List<KernelResources>();
        string? name = null;
        int stack = 0, stores = 0, loads = 0;
        foreach (string line in log.Split('\n'))
        {
            Match m;
            if ((m = FunctionProperties().Match(line)).Success) { name = m.Groups[1].Value; continue; }
            if ((m = Frame().Match(line)).Success)
            {
                stack = Int(m, 1); stores = Int(m, 2); loads = Int(m, 3);
                continue;
            }
            if (name is not null && (m = Used().Match(line)).Success)
            {
                Match shared = SharedMemory().Match(line);
                kernels.Add(new KernelResources(name, Int(m, 1), shared.Success ? Int(shared, 1) : 0, stack, stores, loads));
                name = null;
            }
        }
        return kernels;
    }

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Function properties for (\S+)")] private static partial Regex FunctionProperties();
    [GeneratedRegex(@"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")] private static partial Regex Frame();
    [GeneratedRegex(@"Used (\d+) registers")] private static partial Regex Used();
    [GeneratedRegex(@"(\d+) bytes smem")] private static partial Regex SharedMemory();
}
