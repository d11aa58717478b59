using System.Diagnostics;
using ModelGen.SaveLoop;

namespace ModelGen.Tests.Shipping;

/// <summary>
/// Kills a process that saves checkpoints in a loop at random moments: afterwards the file always
/// loads and holds one whole save (every value equal to one save number), never a torn mix.
/// </summary>
public class KillDuringSaveTests
{
    private const int Kills = 12;

    [Fact]
    public void APreviousCheckpointSurvivesAKillAtAnyMoment()
    {
        using var dir = new TempDirectory();
        string path = dir.File("loop.safetensors");
        var random = new Random(2024);
        var net = new SaveLoopNet(seed: 1);
        int killedMidSave = 0;

        for (int round = 0; round < Kills; round++)
        {
            int acknowledged = RunAndKill(path, delayMs: random.Next(0, 250));
            net.LoadWeights(path); // a torn or half-written file would throw here
            float version = net.Engine.Parameter("Hidden.Weight")[0];
            Assert.True(version >= acknowledged, $"round {round}: the file holds save {version}, older than acknowledged save {acknowledged}");
            foreach (var p in SaveLoopNet.Info.Parameters)
                Assert.True(net.Engine.Parameter(p.Name).IndexOfAnyExcept(version) < 0, $"round {round}: {p.Name} mixes saves");

            string[] strays = Directory.GetFiles(dir.Path, "*.tmp");
            if (strays.Length > 0) killedMidSave++;
            foreach (string stray in strays) File.Delete(stray);
        }
        // Saves take most of the child's time, so some kills must have interrupted one.
        Assert.True(killedMidSave > 0, "no kill landed during a save; the test did not exercise the atomic rename");
    }

    /// <summary>Starts the saver, waits for its first save plus a delay, kills it; returns the last save it reported.</summary>
    private static int RunAndKill(string path, int delayMs)
    {
        string saver = Path.Combine(AppContext.BaseDirectory, "ModelGen.SaveLoop.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(saver);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        int acknowledged = 0;
        var firstSave = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("saved ", StringComparison.Ordinal))
            {
                Volatile.Write(ref acknowledged, int.Parse(line.AsSpan(6)));
                firstSave.Set();
            }
        };
        process.BeginOutputReadLine();
        try
        {
            Assert.True(firstSave.Wait(TimeSpan.FromSeconds(30)), "the saver never finished a save");
            Thread.Sleep(delayMs);
            int before = Volatile.Read(ref acknowledged);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return before;
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
