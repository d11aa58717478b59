using System.Runtime.CompilerServices;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>
/// A minimal snapshot helper (Verify is not available here): compares text with a checked-in
/// <c>Snapshots/NAME.verified.EXT</c>. On a mismatch it writes <c>NAME.received.EXT</c> beside it and
/// fails; set MODELGEN_ACCEPT_SNAPSHOTS=1 to accept the received text as the new snapshot.
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name, string extension = "cs", [CallerFilePath] string caller = "")
    {
        string directory = Path.Combine(FindTestProjectDirectory(caller), "Snapshots");
        string verified = Path.Combine(directory, $"{name}.verified.{extension}");
        string received = Path.Combine(directory, $"{name}.received.{extension}");
        actual = actual.Replace("\r\n", "\n");
        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable("MODELGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        string expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : "";
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        int line = FirstDifferentLine(expected, actual);
        Assert.Fail($"Snapshot {name} differs from {verified} at line {line}. The new text is in {received}; " +
            "review it and rerun with MODELGEN_ACCEPT_SNAPSHOTS=1 to accept it.");
    }

    private static int FirstDifferentLine(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i]) return i + 1;
        }
        return Math.Min(a.Length, b.Length) + 1;
    }

    private static string FindTestProjectDirectory(string callerFile)
    {
        for (string? dir = Path.GetDirectoryName(callerFile); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ModelGen.Generator.Tests.csproj"))) return dir;
        }
        throw new InvalidOperationException($"Cannot find the test project above {callerFile}.");
    }
}
