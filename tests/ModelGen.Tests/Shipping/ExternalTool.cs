using System.Diagnostics;

namespace ModelGen.Tests.Shipping;

/// <summary>Runs a tool the shipping tests compare against (Python with PyTorch, node with ONNX Runtime).</summary>
internal static class ExternalTool
{
    /// <summary>Python with Debian's python3-torch; MODELGEN_PYTHON overrides.</summary>
    public static string Python => Environment.GetEnvironmentVariable("MODELGEN_PYTHON") ?? "/usr/bin/python3";

    /// <summary>Runs the tool and fails the test, with its output, when it exits with an error.</summary>
    public static string Run(string fileName, IEnumerable<string> arguments, string missingHint, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot start {fileName} ({e.Message}). {missingHint}");
            throw;
        }
        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{fileName} {string.Join(' ', arguments)} timed out.");
            }
            if (process.ExitCode != 0)
                Assert.Fail($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}. {missingHint}\n{stdout.Result}\n{stderr.Result}");
            return stdout.Result;
        }
    }

    public static void WriteFloats(string path, ReadOnlySpan<float> values)
        => File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    public static float[] ReadFloats(string path)
        => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    /// <summary>Equal within float32 round-off of a few hundred operations.</summary>
    public static void AssertClose(float[] expected, float[] actual, string what, float tolerance = 2e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float allowed = tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed, $"{what}: output {i} is {actual[i]}, expected {expected[i]} (±{allowed})");
        }
    }
}
