using NasSharp.Store.Experiments;

namespace NasSharp.Store.Tests.Experiments;

/// <summary>The contract every backend keeps: each test runs on SQLite and on PostgreSQL.</summary>
[Collection(PostgresGroup.Name)]
public sealed class ExperimentStoreContractTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TestStores stores = new(server);

    public void Dispose() => stores.Dispose();

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void Open_Twice_MigratesOnceAndKeepsStudies(StoreBackend backend)
    {
        var location = stores.NewLocation(backend);
        using (var first = location.Open())
        {
            Assert.Equal(1, first.SchemaVersion);
            first.CreateOrOpenStudy(Spec("kept"));
        }

        using var second = location.Open();
        Assert.Equal(1, second.SchemaVersion);
        Assert.Equal(["kept"], second.ListStudies().Select(s => s.Name));
        Assert.Equal(1L, RawSql.Scalar(location, "SELECT COUNT(*) FROM schema_version"));
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void CreateOrOpenStudy_ExistingName_ReturnsTheStoredStudyUnchanged(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var created = store.CreateOrOpenStudy(Spec("a") with { RunDirectory = "runs/a" });
        var again = store.CreateOrOpenStudy(Spec("a") with { OptionsJson = """{"other":1}""" });
        Assert.Equal(created, again);
        Assert.Equal("""{"epochs":1}""", again.OptionsJson);
        Assert.Equal(StudyStatus.Running, again.Status);
        store.SetStudyStatus(created.Id, StudyStatus.Complete);
        Assert.Equal(StudyStatus.Complete, store.FindStudy("a")!.Status);
        Assert.Null(store.FindStudy("b"));
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void AddCompleteTrial_RoundTripsEveryFieldWithDenseNumbers(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(Spec("s"));
        var result = new TrialResult(new Dictionary<string, double> { ["test_accuracy"] = 91.25, ["valid_accuracy"] = double.NaN })
        {
            Epochs = [new Dictionary<string, double> { ["loss"] = 2.5 }, new Dictionary<string, double> { ["loss"] = 1.25 }],
            WallSeconds = 3.5,
            Artifacts = ["runs/s/weights.safetensors"],
        };
        store.AddCompleteTrial(study.Id, new CompletedTrial("train", "|a~0|", "{}", result));
        var second = store.AddCompleteTrial(study.Id, new CompletedTrial("train", "|b~0|", """{"seed":1}""", result));

        Assert.Equal(1, second.Number);
        var trials = store.Trials(study.Id);
        Assert.Equal([0, 1], trials.Select(t => t.Number));
        var read = trials[1];
        Assert.Equal((TrialState.Complete, 1, "|b~0|", """{"seed":1}"""), (read.State, read.Attempt, read.Genotype, read.PayloadJson));
        Assert.Equal(91.25, read.Result!.Metrics["test_accuracy"]);
        Assert.True(double.IsNaN(read.Result.Metrics["valid_accuracy"]));
        Assert.Equal([2.5, 1.25], read.Result.Epochs.Select(e => e["loss"]));
        Assert.Equal(3.5, read.Result.WallSeconds);
        Assert.Equal(["runs/s/weights.safetensors"], read.Result.Artifacts);
        Assert.Equal(3.5, (read.Finished!.Value - read.Started!.Value).TotalSeconds, 3);
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void AddCompleteTrial_FromFourThreads_NumbersStayDenseAndUnique(StoreBackend backend)
    {
        var location = stores.NewLocation(backend);
        var studyId = stores.Open(location).CreateOrOpenStudy(Spec("s")).Id;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            using var store = location.Open();
            for (var i = 0; i < 10; i++)
            {
                store.AddCompleteTrial(studyId, new CompletedTrial("train", $"{worker}-{i}", "{}", Result(i)));
            }
        });

        var trials = stores.Open(location).Trials(studyId);
        Assert.Equal(Enumerable.Range(0, 40), trials.Select(t => t.Number));
        Assert.Equal(40, trials.Select(t => t.Genotype).Distinct().Count());
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void TryLease_QueuedUnits_LeasesOldestOfRegisteredKindsOnce(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(Spec("s"));
        var ids = store.Enqueue(study.Id, [new UnitSpec("gt", "a", "{}"), new UnitSpec("other", "b", "{}"), new UnitSpec("gt", "c", "{}")]);

        var first = store.TryLease("w1", ["gt"], Minute)!;
        var second = store.TryLease("w2", ["gt"], Minute)!;
        Assert.Null(store.TryLease("w3", ["gt"], Minute));
        Assert.Equal((ids[0], "a", 1, "s"), (first.TrialId, first.Genotype, first.Attempt, first.StudyName));
        Assert.Equal((ids[2], 2), (second.TrialId, second.Number));
        Assert.Equal("b", store.TryLease("w3", ["other", "gt"], Minute)!.Genotype);
        var running = store.Trials(study.Id, TrialState.Running);
        Assert.Equal(["w1", "w3", "w2"], running.Select(t => t.WorkerId));
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void TryLease_ExpiredLease_ReleasedWithNextAttemptAndStaleCommitRejected(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(Spec("s"));
        store.Enqueue(study.Id, [new UnitSpec("gt", "a", "{}")]);
        var stale = store.TryLease("w1", ["gt"], TimeSpan.FromMilliseconds(200))!;
        Thread.Sleep(500);

        var fresh = store.TryLease("w2", ["gt"], Minute)!;
        Assert.Equal((stale.TrialId, 2), (fresh.TrialId, fresh.Attempt));
        Assert.False(store.Heartbeat(stale.TrialId, stale.Attempt, Minute));
        Assert.False(store.Complete(stale.TrialId, stale.Attempt, Result(1)));
        Assert.False(store.Fail(stale.TrialId, stale.Attempt, "late"));
        Assert.True(store.Heartbeat(fresh.TrialId, fresh.Attempt, Minute));
        Assert.True(store.Complete(fresh.TrialId, fresh.Attempt, Result(2)));
        Assert.False(store.Complete(fresh.TrialId, fresh.Attempt, Result(3)));

        var trial = Assert.Single(store.Trials(study.Id));
        Assert.Equal((TrialState.Complete, 2, "w2", 2.0), (trial.State, trial.Attempt, trial.WorkerId, trial.Result!.Metrics["value"]));
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void Heartbeat_BeforeExpiry_KeepsTheUnitFromOtherWorkers(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(Spec("s"));
        store.Enqueue(study.Id, [new UnitSpec("gt", "a", "{}")]);
        var unit = store.TryLease("w1", ["gt"], TimeSpan.FromSeconds(2))!;
        Thread.Sleep(800);
        Assert.True(store.Heartbeat(unit.TrialId, unit.Attempt, TimeSpan.FromSeconds(4)));
        Thread.Sleep(1700);

        // Past the first lease's end, inside the extended one.
        Assert.Null(store.TryLease("w2", ["gt"], Minute));
        Assert.NotNull(store.Trials(study.Id).Single().Heartbeat);
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void FailAndRelease_HeldLease_FailIsFinalReleaseRequeues(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(Spec("s"));
        store.Enqueue(study.Id, [new UnitSpec("gt", "a", "{}"), new UnitSpec("gt", "b", "{}")]);
        var a = store.TryLease("w1", ["gt"], Minute)!;
        var b = store.TryLease("w1", ["gt"], Minute)!;

        Assert.True(store.Fail(a.TrialId, a.Attempt, "InvalidDataException: bad"));
        Assert.True(store.Release(b.TrialId, b.Attempt));
        var again = store.TryLease("w2", ["gt"], Minute)!;
        Assert.Equal(("b", 2), (again.Genotype, again.Attempt));
        Assert.Null(store.TryLease("w2", ["gt"], Minute));
        var failed = store.Trials(study.Id, TrialState.Failed).Single();
        Assert.Equal(("a", "InvalidDataException: bad"), (failed.Genotype, failed.Error));
        Assert.Equal(1, store.CountTrials(study.Id)[TrialState.Failed]);
        Assert.Equal(1, store.CountTrials(study.Id)[TrialState.Running]);
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void Snapshots_SavedInAnyOrder_LatestIsHighestSequence(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(Spec("s"));
        Assert.Null(store.LatestSnapshot(study.Id));
        store.SaveSnapshot(study.Id, 2, [2, 0, 255]);
        store.SaveSnapshot(study.Id, 1, [1]);
        store.SaveSnapshot(study.Id, 2, [2, 2]);
        var latest = store.LatestSnapshot(study.Id)!;
        Assert.Equal(2, latest.Sequence);
        Assert.Equal(new byte[] { 2, 2 }, latest.Data.ToArray());
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void TryLease_FourConnectionsRacing_EveryUnitLeasedExactlyOnce(StoreBackend backend)
    {
        var location = stores.NewLocation(backend);
        var setup = stores.Open(location);
        var study = setup.CreateOrOpenStudy(Spec("s"));
        setup.Enqueue(study.Id, Enumerable.Range(0, 60).Select(i => new UnitSpec("gt", $"g{i}", "{}")).ToList());
        var leased = new System.Collections.Concurrent.ConcurrentBag<(long Trial, int Attempt)>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            using var store = location.Open();
            while (store.TryLease($"w{worker}", ["gt"], Minute) is { } unit)
            {
                leased.Add((unit.TrialId, unit.Attempt));
                Assert.True(store.Complete(unit.TrialId, unit.Attempt, Result(worker)));
            }
        });

        Assert.Equal(60, leased.Count);
        Assert.Equal(60, leased.Select(l => l.Trial).Distinct().Count());
        Assert.All(leased, l => Assert.Equal(1, l.Attempt));
        Assert.Equal(60, setup.CountTrials(study.Id)[TrialState.Complete]);
    }

    internal static StudySpec Spec(string name) => new(name, "test", """{"epochs":1}""", "test-version");

    internal static TrialResult Result(double value) => new(new Dictionary<string, double> { ["value"] = value }) { WallSeconds = 0.5 };
}
