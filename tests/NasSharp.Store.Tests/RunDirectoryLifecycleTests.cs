using NasSharp.Store;

namespace NasSharp.Store.Tests;

public sealed class RunDirectoryLifecycleTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-life-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Create_NamedRunThatExists_ThrowsNamingThePath()
    {
        using var first = RunDirectory.Create(root, "run");
        var ex = Assert.Throws<IOException>(() => RunDirectory.Create(root, "run"));
        Assert.Contains(first.Path, ex.Message);
        Assert.Contains("already exists", ex.Message);
    }

    [Fact]
    public void Create_UnnamedRunsInTheSameSecond_GetSuffixes()
    {
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var a = RunDirectory.Create(root, now: now);
        using var b = RunDirectory.Create(root, now: now);
        Assert.Equal("20250102-030405-2", Path.GetFileName(b.Path));
    }

    [Fact]
    public void Create_ManyThreadsOneName_ExactlyOneWins()
    {
        // The claim is an exclusive create, so concurrent writers cannot both pass a check and both create.
        var wins = 0;
        var losses = 0;
        Parallel.For(0, 16, _ =>
        {
            try
            {
                RunDirectory.Create(root, "contended").WriteJson("x.json", 1);
                Interlocked.Increment(ref wins);
            }
            catch (IOException)
            {
                Interlocked.Increment(ref losses);
            }
        });
        Assert.Equal((1, 15), (wins, losses));
    }

    [Fact]
    public void Create_ExistingDirectoryWithoutStatus_IsNotTakenOver()
    {
        Directory.CreateDirectory(Path.Combine(root, "legacy"));
        File.WriteAllText(Path.Combine(root, "legacy", "summary.json"), "{}");
        Assert.Throws<IOException>(() => RunDirectory.Create(root, "legacy"));
        Assert.False(File.Exists(Path.Combine(root, "legacy", RunDirectory.StatusFileName)));
    }

    [Fact]
    public void Create_RootIsAFile_ThrowsOneLineNamingThePath()
    {
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "plain.txt");
        File.WriteAllText(file, "x");
        var ex = Assert.Throws<IOException>(() => RunDirectory.Create(file, "r"));
        Assert.Equal($"cannot create run directories under {file}: it is a file, not a directory", ex.Message);
    }

    [Fact]
    public void Status_GoesFromRunningToComplete()
    {
        var run = RunDirectory.Create(root, "ok");
        Assert.Equal(RunStatus.Running, RunDirectory.ReadStatus(run.Path));
        run.WriteJson("summary.json", new { accuracy = 0.9 });
        run.Complete();
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadStatus(run.Path));
        run.Fail("too late");
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadStatus(run.Path));
    }

    [Fact]
    public void Fail_AfterResults_KeepsTheDirectoryWithTheReason()
    {
        var run = RunDirectory.Create(root, "diverged");
        using (var csv = run.CreateCsv("metrics.csv", ["epoch", "loss"]))
        {
            csv.WriteRow(1, 2.3);
        }

        run.Fail("training diverged at step 7");
        Assert.Equal(RunStatus.Failed, RunDirectory.ReadStatus(run.Path));
        Assert.Equal("training diverged at step 7", RunDirectory.ReadReason(run.Path));
    }

    [Fact]
    public void Fail_BeforeAnyResult_RemovesTheDirectory()
    {
        var run = RunDirectory.Create(root, "early");
        run.WriteJson("options.json", new { lr = 0.1 });
        run.CreateCsv("trials.csv", ["arch", "score"]).Dispose();
        run.Fail("bad table");
        Assert.False(Directory.Exists(run.Path));
    }

    [Fact]
    public void Open_WhileAnotherWriterHoldsIt_ThrowsNamingDirectoryAndProcess()
    {
        using var run = RunDirectory.Create(root, "busy");
        var ex = Assert.Throws<IOException>(() => RunDirectory.Open(run.Path));
        Assert.Equal($"directory {run.Path} is in use by process {Environment.ProcessId}", ex.Message);
    }

    [Fact]
    public void Open_AfterTheWriterFinished_TakesItOverAsRunning()
    {
        var run = RunDirectory.Create(root, "resume");
        run.WriteJson("checkpoint.json", new { epoch = 1 });
        run.Interrupt("SIGTERM");
        Assert.Equal(RunStatus.Interrupted, RunDirectory.ReadStatus(run.Path));
        using var again = RunDirectory.Open(run.Path);
        Assert.Equal(RunStatus.Running, RunDirectory.ReadStatus(run.Path));
    }

    [Fact]
    public void WriteJson_NonFiniteNumber_RefusesNamingTheFile()
    {
        using var run = RunDirectory.Create(root, "nan");
        var ex = Assert.Throws<InvalidDataException>(() => run.WriteJson("summary.json", new { loss = double.NaN }));
        Assert.Contains("summary.json", ex.Message);
        Assert.False(File.Exists(run.FilePath("summary.json")));
    }

    [Fact]
    public void RunTracker_FinishAll_MarksOnlyTheRunsOfItsFlow()
    {
        var outside = RunDirectory.Create(root, "outside");
        outside.WriteJson("a.json", 1);
        RunDirectory inside;
        using (var tracker = RunTracker.Begin())
        {
            inside = RunDirectory.Create(root, "inside");
            inside.WriteJson("a.json", 1);
            tracker.FinishAll(RunStatus.Interrupted, "SIGTERM");
            Assert.Equal([inside], tracker.Runs);
        }

        Assert.Equal(RunStatus.Interrupted, RunDirectory.ReadStatus(inside.Path));
        Assert.Equal(RunStatus.Running, RunDirectory.ReadStatus(outside.Path));
        outside.Complete();
    }
}
