using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NasSharp.NN.Serialization;
using NasSharp.Search.Training;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli.Tests.Store;

/// <summary>
/// Few-shot sub-supernets as <c>supernet-split</c> units (issue 13, item 3): trained by real <c>nas worker</c>
/// processes on an SQLite store, the weights files are byte-identical to a one-process <c>nas supernet split</c>, also
/// when a worker is killed (SIGKILL) mid-unit and the unit is leased again after its lease expires.
/// </summary>
public sealed class SplitWorkerTests(TinyOneShot oneShot) : IClassFixture<TinyOneShot>
{
    private static readonly string Folder3 = Path.Combine("splits", "3-0-nor_conv_3x3");

    [Fact]
    public void SupernetSplit_TwoWorkerProcesses_WeightsByteIdenticalToOneProcess()
    {
        var local = oneShot.Copy("two-local");
        var shared = oneShot.Copy("two-shared");
        var store = Path.Combine(oneShot.Root, "two.db");
        CliRunner.Ok("supernet", "split", "--dir", local, "--edge", "0", "--epochs", "1", "--store", Path.Combine(oneShot.Root, "two-local.db"));
        string[] split = ["supernet", "split", "--dir", shared, "--edge", "0", "--epochs", "1", "--store", store];
        var enqueued = CliRunner.Ok([.. split, "--workers", "external"]);
        Assert.Contains("5 enqueued", enqueued, StringComparison.Ordinal);
        Assert.Contains("start workers with `nas worker --store", enqueued, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(shared, "splits")), "--workers external trained something itself");

        // At most 3 units each: 5 units need both workers.
        using (var first = StartWorker(store, "--max-units", "3", "--idle-exit", "2"))
        using (var second = StartWorker(store, "--max-units", "3", "--idle-exit", "2"))
        {
            Assert.True(first.WaitForExit() == 0, first.Error);
            Assert.True(second.WaitForExit() == 0, second.Error);
        }

        using (var opened = StoreLocation.Parse(store).Open())
        {
            var trials = opened.Trials(Assert.Single(opened.ListStudies()).Id);
            Assert.Equal(["0", "1", "2", "3", "4"], trials.Select(t => t.Genotype));
            Assert.All(trials, t => Assert.Equal((TrialState.Complete, 1), (t.State, t.Attempt)));
            Assert.Equal(2, trials.Select(t => t.WorkerId).Distinct().Count());
        }

        var collected = CliRunner.Ok(split);
        Assert.Contains("0 enqueued", collected, StringComparison.Ordinal);
        Assert.Equal(5, collected.Split('\n').Count(l => l.Contains(" trained: 1 epochs", StringComparison.Ordinal)));
        Assert.Contains("0 of 5 sub-supernets trained by this process", collected, StringComparison.Ordinal);
        foreach (var folder in Directory.GetDirectories(Path.Combine(local, "splits")))
        {
            AssertSameTraining(local, shared, Path.GetRelativePath(local, folder));
        }
    }

    [Fact]
    public void SupernetSplit_WorkerKilledMidUnit_ReleasedAfterLeaseAndWeightsByteIdentical()
    {
        const int Epochs = 8;
        var epochs = Epochs.ToString(CultureInfo.InvariantCulture);
        var local = oneShot.Copy("kill-local");
        var shared = oneShot.Copy("kill-shared");
        var store = Path.Combine(oneShot.Root, "kill.db");
        CliRunner.Ok("supernet", "split", "--dir", local, "--split", "3", "--epochs", epochs, "--store", Path.Combine(oneShot.Root, "kill-local.db"));
        CliRunner.Ok("supernet", "split", "--dir", shared, "--split", "3", "--epochs", epochs, "--store", store, "--workers", "external");

        using var opened = StoreLocation.Parse(store).Open();
        var studyId = Assert.Single(opened.ListStudies()).Id;
        long unit;
        using (var victim = StartWorker(store, "--lease-seconds", "3", "--max-units", "1"))
        {
            unit = WaitForCheckpointedEpoch(opened, studyId, $"{Environment.MachineName}:{victim.Id}", Path.Combine(shared, Folder3), Epochs);
            victim.Signal("KILL");
            victim.WaitForExit();
        }

        var orphaned = opened.Trials(studyId).Single(t => t.Id == unit);
        Assert.Equal(TrialState.Running, orphaned.State);
        using (var rescuer = StartWorker(store, "--lease-seconds", "3", "--max-units", "1", "--idle-exit", "60"))
        {
            Assert.True(rescuer.WaitForExit() == 0, rescuer.Error);
            var rerun = opened.Trials(studyId).Single(t => t.Id == unit);
            Assert.Equal((TrialState.Complete, 2, $"{Environment.MachineName}:{rescuer.Id}"), (rerun.State, rerun.Attempt, rerun.WorkerId));
            Assert.InRange(rerun.Result!.Metrics["resumed_from_epoch"], 1, Epochs - 1);
            Assert.Equal(Epochs, rerun.Result.Metrics["epochs"]);
        }

        AssertSameTraining(local, shared, Folder3);
    }

    [Fact]
    public void SupernetSplit_ExternalRerunBeforeAnyWorker_ReportsQueuedAndEnqueuesNothingTwice()
    {
        var dir = oneShot.Copy("queued");
        string[] split = ["supernet", "split", "--dir", dir, "--split", "1", "--epochs", "1", "--store", Path.Combine(oneShot.Root, "queued.db"), "--workers", "external"];
        Assert.Contains("1 enqueued", CliRunner.Ok(split), StringComparison.Ordinal);

        var again = CliRunner.Ok(split);

        Assert.Contains("0 enqueued", again, StringComparison.Ordinal);
        Assert.Contains("sub-supernet 1 (0:skip_connect): queued (unit #0)", again, StringComparison.Ordinal);
    }

    [Fact]
    public void SupernetSplit_BadOptions_OneLineNamingTheValueExit2()
    {
        var dir = oneShot.Copy("bad");
        var store = Path.Combine(oneShot.Root, "bad.db");
        CliRunner.Ok("supernet", "split", "--dir", dir, "--split", "0", "--epochs", "1", "--store", store);

        AssertOneLine(["--workers", "nobody"], "nobody");
        AssertOneLine(["--split", "0", "--epochs", "2", "--store", store], "with other settings");
        AssertOneLine(["--split", "0", "--epochs", "1", "--store", Path.Combine(oneShot.Root, "other.db")], "already has a checkpoint");
        AssertOneLine(["--split", "0", "--epochs", "1", "--store", "nowhere"], "--store 'nowhere' is not a store");
        Assert.Contains("trained: 1 epochs", CliRunner.Ok("supernet", "split", "--dir", dir, "--split", "0", "--epochs", "1", "--store", Path.Combine(oneShot.Root, "other.db"), "--resume"), StringComparison.Ordinal);

        void AssertOneLine(string[] options, string expected)
        {
            var (exit, _, error) = CliRunner.Run(["supernet", "split", "--dir", dir, .. options]);
            Assert.Equal(2, exit);
            Assert.Single(error.TrimEnd().Split('\n'));
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SupernetSplit_NestedParentRunByAWorkerLoop_SameTrainingAsOneProcess()
    {
        var local = oneShot.Copy("nested-local");
        var shared = oneShot.Copy("nested-shared");
        var store = Path.Combine(oneShot.Root, "nested.db");
        CliRunner.Ok("supernet", "split", "--dir", local, "--split", "3", "--epochs", "1", "--store", Path.Combine(oneShot.Root, "nested-local.db"));
        CliRunner.Ok("supernet", "split", "--dir", local, "--parent", "3", "--edge", "1", "--split", "2", "--epochs", "1", "--store", Path.Combine(oneShot.Root, "nested-local.db"));
        CliRunner.Ok("supernet", "split", "--dir", shared, "--split", "3", "--epochs", "1", "--store", store);
        CliRunner.Ok("supernet", "split", "--dir", shared, "--parent", "3", "--edge", "1", "--split", "2", "--epochs", "1", "--store", store, "--workers", "external");

        using var opened = StoreLocation.Parse(store).Open();
        var report = new WorkerLoop(opened, WorkerExecutors.Create(null), new WorkerOptions { IdleExit = TimeSpan.Zero }).Run();

        Assert.Equal(1, report.Completed);
        Assert.Equal(2, opened.ListStudies().Count);
        AssertSameTraining(local, shared, Path.Combine(Folder3, "splits", "2-1-nor_conv_1x1"));
    }

    /// <summary>
    /// The sub-supernet in <paramref name="folder"/> trained the same in both directories: its weights file byte for
    /// byte, the checkpoint's tensors (weights and optimizer state) bit for bit, and the per-epoch losses. Only wall
    /// times (in the checkpoint's metadata and state.json) may differ.
    /// </summary>
    private static void AssertSameTraining(string expected, string actual, string folder)
    {
        var weights = Path.Combine(folder, SupernetCheckpoint.WeightsFile);
        Assert.True(File.ReadAllBytes(Path.Combine(expected, weights)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, weights))), $"{weights} differs");
        var (a, b) = (Safetensors.Load(Path.Combine(expected, folder, SupernetCheckpoint.CheckpointFile)), Safetensors.Load(Path.Combine(actual, folder, SupernetCheckpoint.CheckpointFile)));
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        Assert.All(a.Tensors, t => Assert.True(MemoryMarshal.AsBytes(t.Value.Data).SequenceEqual(MemoryMarshal.AsBytes(b.Tensors[t.Key].Data)), $"{folder}: checkpoint tensor {t.Key} differs"));
        Assert.Equal(History(expected), History(actual));

        object History(string root) => SupernetCheckpoint.ReadState(Path.Combine(root, folder))!.History.Select(h => (h.Epoch, h.Loss, h.Accuracy, h.LearningRate)).ToList();
    }

    /// <summary>A worker child process; one kernel thread (results do not depend on it), so two fit the machine.</summary>
    private static ChildProcess StartWorker(string store, params string[] options) =>
        ChildProcess.StartNas(["worker", "--store", store, "--threads", "1", .. options]);

    /// <summary>Waits until <paramref name="workerId"/> holds the unit and its first epoch is checkpointed, the last not yet.</summary>
    private static long WaitForCheckpointedEpoch(IExperimentStore store, long studyId, string workerId, string folder, int epochs)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            var held = store.Trials(studyId, TrialState.Running).FirstOrDefault(t => t.WorkerId == workerId);
            var done = SupernetCheckpoint.ReadState(folder)?.CompletedEpochs ?? 0;
            if (held != null && done >= 1)
            {
                Assert.True(done < epochs, $"the unit finished ({done} epochs) before the worker could be killed mid-unit");
                return held.Id;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"worker {workerId} never checkpointed an epoch of its unit");
    }
}
