using NasSharp.Search.FewShot;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli.Tests;

/// <summary>
/// Faults injected into real <c>nas</c> processes: a full disk (a 64 KB tmpfs), a read-only output directory (a
/// read-only tmpfs: root ignores permission bits but not a read-only file system), a data file replaced mid-run,
/// SIGTERM and SIGINT (graceful, resumable) and SIGKILL (resume). Linux and root only, see <see cref="FaultFactAttribute"/>.
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
        ["train", "--genotype", Arch, "--channels", channels.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cells", "1", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch-size", "16", "--train-images", "64", "--out", runs, "--name", "t"];

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
        Assert.Equal(CliTermination.SigtermExitCode, nas.WaitForExit());
        var dir = Path.Combine(runs, "t");
        var line = Assert.Single(nas.Error.TrimEnd().Split('\n'));
        Assert.Matches($"^nas: interrupted by SIGTERM at epoch [0-9]+; resume with: nas train --resume {System.Text.RegularExpressions.Regex.Escape(dir)}$", line);
        Assert.Equal(RunStatus.Interrupted, RunDirectory.ReadStatus(dir));
        Assert.Equal("SIGTERM", RunDirectory.ReadReason(dir));
        Assert.True(File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length >= 2);
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
    }

    [FaultFact]
    public void SearchChain_Sigterm_RunAndStudyMarkedInterruptedWithTheResumeCommand()
    {
        var runs = NewDirectory("chain-term");
        using (var nas = ChildProcess.StartNas(["search", "--space", "chain", "--evaluator", "oneshot", "--epochs", "30", "--train-images", "64", "--valid-images", "32", "--test-images", "32", "--batch-size", "32", "--budget", "4", "--final-epochs", "1", "--out", runs, "--name", "c"]))
        {
            Assert.True(nas.WaitForOutput("one-shot: epoch 1/30 done"), nas.Output + nas.Error);
            nas.Signal("TERM");
            Assert.Equal(CliTermination.SigtermExitCode, nas.WaitForExit());
            var line = Assert.Single(nas.Error.TrimEnd().Split('\n'));
            Assert.Matches($"^nas: interrupted by SIGTERM at epoch [0-9]+; resume with: nas search --resume {System.Text.RegularExpressions.Regex.Escape(Path.Combine(runs, "c"))}$", line);
        }

        Assert.Equal(RunStatus.Interrupted, RunDirectory.ReadStatus(Path.Combine(runs, "c")));
        using var store = new NasSharp.Store.Experiments.SqliteExperimentStore(Path.Combine(runs, "nas.db"));
        Assert.Equal(NasSharp.Store.Experiments.StudyStatus.Interrupted, store.FindStudy("c")!.Status);
    }

    [SigintFact]
    public void SupernetTrain_Sigint_MarksInterruptedPrintsTheResumeCommandWhichFinishes()
    {
        var dir = Path.Combine(NewDirectory("int"), "supernet");
        var oneshot = Path.Combine(dir, SupernetDirectory.RootFolder);
        string[] args = ["supernet", "train", "--dir", dir, "--epochs", "30", .. TinySupernet.Sizes];
        using (var nas = ChildProcess.StartNas(args))
        {
            Assert.True(nas.WaitForOutput("epoch 1/30 done"), nas.Output + nas.Error);
            nas.Signal("INT");
            Assert.Equal(CliTermination.SigintExitCode, nas.WaitForExit());
            var line = Assert.Single(nas.Error.TrimEnd().Split('\n'));
            Assert.Matches("^nas: interrupted by SIGINT at epoch [0-9]+; resume with: nas supernet train --dir .* --resume$", line);
            Assert.Contains($"--dir {dir} ", line);
        }

        Assert.Equal(RunStatus.Interrupted, RunDirectory.ReadStatus(oneshot));
        Assert.Equal("SIGINT", RunDirectory.ReadReason(oneshot));
        var output = CliRunner.Ok([.. args, "--resume"]);
        Assert.Contains("one-shot supernet trained: 30 epochs", output);
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadStatus(oneshot));
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
    public void TrainForecast_DataFileReplacedMidRun_StopsAtTheNextEpochNamingTheFile()
    {
        var copy = Path.Combine(NewDirectory("series"), "waves.txt");
        File.Copy(data.SeriesPath, copy);
        var runs = NewDirectory("runs");
        using var nas = ChildProcess.StartNas(["train", "--task", "forecast", "--data", copy, "--model", "gru", "--hidden", "6", "--window", "10", "--horizon", "2", "--epochs", "400", "--batch-size", "16", "--out", runs, "--name", "f"]);
        Assert.True(nas.WaitForOutput("epoch   1/400"), nas.Output + nas.Error);
        File.WriteAllText(copy, "1,2\n");
        Assert.Equal(2, nas.WaitForExit());
        var line = Assert.Single(nas.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"nas train: data file {copy} changed during the run (size ", line);
        var dir = Path.Combine(runs, "f");
        Assert.Equal(RunStatus.Failed, RunDirectory.ReadStatus(dir));
        Assert.Contains(copy, File.ReadAllText(Path.Combine(dir, RunDirectory.DataFilesFileName)));
    }
}
