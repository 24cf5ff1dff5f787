using System.Text.Json;

namespace NasSharp.Cli.Tests;

/// <summary>
/// Kill -9 tests of resumable commands: a <c>nas</c> child process killed the moment a checkpoint file appears, and
/// the JSON summaries of two runs compared apart from what must differ (timings, the run's own directories).
/// </summary>
internal static class KillAndResume
{
    /// <summary>Starts <c>nas</c> with <paramref name="args"/> and kills it with SIGKILL once <paramref name="ready"/> holds.</summary>
    public static void KillWhen(string[] args, Func<bool> ready)
    {
        using var nas = ChildProcess.StartNas(args);
        while (!ready())
        {
            Assert.False(nas.WaitForExitOrTimeout(10), $"nas ended before the kill point: {nas.Output}{nas.Error}");
        }

        nas.Signal("KILL");
        Assert.Equal(137, nas.WaitForExit());
    }

    /// <summary>Starts <c>nas</c> with <paramref name="args"/> and kills it with SIGKILL once it has printed <paramref name="text"/>.</summary>
    public static void KillWhenPrinted(string[] args, string text)
    {
        using var nas = ChildProcess.StartNas(args);
        while (!nas.Output.Contains(text, StringComparison.Ordinal))
        {
            if (nas.WaitForExitOrTimeout(10))
            {
                nas.WaitForExit();
                Assert.Fail($"nas ended (exit {nas.WaitForExit()}) before the test saw '{text}': {nas.Output}{nas.Error}");
            }
        }

        nas.Signal("KILL");
        Assert.Equal(137, nas.WaitForExit());
    }

    /// <summary>True when a file named <paramref name="name"/> exists anywhere under <paramref name="directory"/>.</summary>
    public static bool AnyFile(string directory, string name) =>
        Directory.Exists(directory) && Directory.EnumerateFiles(directory, name, SearchOption.AllDirectories).Any();

    /// <summary>The summary's values by key, without timings (keys holding "second") and the run's paths (keys holding "directory").</summary>
    public static SortedDictionary<string, string> Summary(string runDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "summary.json")));
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in json.RootElement.EnumerateObject())
        {
            var key = p.Name.ToLowerInvariant();
            if (!key.Contains("second", StringComparison.Ordinal) && !key.Contains("directory", StringComparison.Ordinal))
            {
                values.Add(p.Name, p.Value.GetRawText());
            }
        }

        return values;
    }

    /// <summary>The bytes of the saved model's weights in a run (equal bytes: equal weights, names and card metadata).</summary>
    public static byte[] Weights(string runDirectory) => File.ReadAllBytes(Path.Combine(runDirectory, "model", "weights.safetensors"));
}
