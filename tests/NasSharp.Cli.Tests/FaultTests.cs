using System.Text.Json;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli.Tests;

/// <summary>
/// Faults injected into real <c>nas</c> processes: a full disk (a 64 KB tmpfs), a read-only output directory (a
/// read-only tmpfs: root ignores permission bits but not a read-only file system), a data file replaced mid-run,
/// SIGTERM (graceful) and SIGKILL (resume). Linux and root only, see <see cref="FaultFactAttribute"/>.
/// </summary>
public sealed class FaultTests(TrainData data) : IClassFixture<TrainData>
{
    private const string Arch = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";

    private string NewDirectory(string name)
    {
        var path = Path.Combine(data.Root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static void WithTmpfs(string directory, string options, Action body)
    {
        Assert.Equal(0, ChildProcess.Shell($"mount -t tmpfs -o {options} tmpfs '{directory}'"));
        try
        {
            body();
        }
        finally
        {
            ChildProcess.Shell($"umount '{directory}'");
        }
    }

    private static string[] ImageTrain(string runs, int epochs, int channels = 4) =>
        ["train", "--arch", Arch, "--channels", channels.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cells", "1", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch", "16", "--train-limit", "64", "--out", runs, "--name", "t"];

    [FaultFact]
    public void Train_DiskFullWhileSavingWeights_OneLineExitTwoNoPartialFile()
    {
        var runs = NewDirectory("full");
        WithTmpfs(runs, "size=64k", () =>
        {
            // C=16: about 300 KB of weights against 64 KB of space; options and metrics fit.
            using var nas = ChildProcess.StartNas(ImageTrain(runs, epochs: 1, channels: 16));
            Assert.Equal(2, nas.WaitForExit());
            var line = Assert.Single(nas.Error.TrimEnd().Split('\n'));
            Assert.StartsWith("nas train: ", line);
            Assert.Contains("No space left on device", line);
            var dir = Path.Combine(runs, "t");
            Assert.False(File.Exists(Path.Combine(dir, "weights.safetensors")));
            Assert.False(File.Exists(Path.Combine(dir, "weights.safetensors.tmp")));
            Assert.Equal(RunStatus.Failed, RunDirectory.ReadStatus(dir));
        });
    }

    [FaultFact]
    public void Train_ReadOnlyOutputDirectory_OneLineNamingThePath()
    {
        var runs = NewDirectory("readonly");
        WithTmpfs(runs, "ro,size=64k", () =>
        {
            using var nas = ChildProcess.StartNas(ImageTrain(runs, epochs: 1));
            Assert.Equal(2, nas.WaitForExit());
            var line = Assert.Single(nas.Error.TrimEnd().Split('\n'));
            Assert.Equal($"nas train: cannot create run directory {Path.Combine(runs, "t")}: Read-only file system : '{Path.Combine(runs, "t")}'", line);
        });
    }

    [FaultFact]
    public void Train_Sigterm_StopsAtTheNextStepMarksInterruptedExits143()
    {
        var runs = NewDirectory("term");
        using var nas = ChildProcess.StartNas(ImageTrain(runs, epochs: 500));
        Assert.True(nas.WaitForOutput("epoch   1/500"), nas.Error);
        nas.Signal("TERM");
        Assert.Equal(CliTermination.ExitCode, nas.WaitForExit());
        Assert.Contains("interrupted by SIGTERM", nas.Error);
        var dir = Path.Combine(runs, "t");
        Assert.Equal(RunStatus.Interrupted, RunDirectory.ReadStatus(dir));
        Assert.True(File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length >= 2);
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
    }

    [FaultFact]
    public void SupernetTrain_SigkillAfterACheckpoint_ResumesToTheEnd()
    {
        var root = NewDirectory("kill");
        var dir = Path.Combine(root, "supernet");
        using (var nas = ChildProcess.StartNas(["supernet", "train", "--dir", dir, "--epochs", "12", .. TinySupernet.Sizes]))
        {
            var checkpoint = Path.Combine(dir, SupernetDirectory.RootFolder, SupernetCheckpoint.CheckpointFile);
            while (!File.Exists(checkpoint))
            {
                Assert.False(nas.WaitForExitOrTimeout(50), $"finished before a checkpoint: {nas.Error}");
            }

            nas.Signal("KILL");
            Assert.Equal(137, nas.WaitForExit());
        }

        var output = CliRunner.Ok("supernet", "train", "--dir", dir, "--resume");
        Assert.Contains("resuming", output);
        Assert.Contains("one-shot supernet trained: 12 epochs", output);
    }

    [FaultFact]
    public void TrainForecast_DataFileReplacedMidRun_ResultEqualsAnUndisturbedRun()
    {
        // The data is read once, at the start: replacing the file mid-run changes nothing (and the run says so by
        // matching a run that was left alone, bit for bit in its summary).
        var copy = Path.Combine(NewDirectory("series"), "waves.txt");
        File.Copy(data.SeriesPath, copy);
        string[] Args(string runs) => ["train", "--task", "forecast", "--data", copy, "--model", "gru", "--hidden", "6", "--window", "10", "--horizon", "2", "--epochs", "40", "--batch", "16", "--out", runs, "--name", "f", "--json"];
        var undisturbed = CliRunner.Ok(Args(NewDirectory("runs-a"))).TrimEnd().Split('\n')[^1];
        using var nas = ChildProcess.StartNas(Args(NewDirectory("runs-b")));
        Assert.True(nas.WaitForOutput("epoch   1/40"), nas.Output + nas.Error);
        File.WriteAllText(copy, "not,a,series\n");
        Assert.Equal(0, nas.WaitForExit());
        var disturbed = nas.Output.TrimEnd().Split('\n')[^1];
        static double TestRse(string json) => JsonDocument.Parse(json).RootElement.GetProperty("test_rse").GetDouble();
        Assert.Equal(TestRse(undisturbed), TestRse(disturbed));
    }
}
