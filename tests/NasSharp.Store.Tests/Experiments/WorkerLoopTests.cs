using System.Globalization;
using NasSharp.Store.Experiments;

namespace NasSharp.Store.Tests.Experiments;

[Collection(PostgresGroup.Name)]
public sealed class WorkerLoopTests(PostgresServer server) : IDisposable
{
    private readonly TestStores stores = new(server);

    public void Dispose() => stores.Dispose();

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void Run_QueuedUnits_CommitsEachAndStopsWhenIdle(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        store.Enqueue(study.Id, Enumerable.Range(0, 5).Select(i => new UnitSpec("square", i.ToString(CultureInfo.InvariantCulture), "{}")).ToList());
        var events = new List<WorkerEventKind>();

        var report = new WorkerLoop(store, new UnitExecutorRegistry().Add(new Square()), Options() with { IdleExit = TimeSpan.Zero }, new Synchronous(e => events.Add(e.Kind))).Run();

        Assert.Equal(new WorkerReport(5, 0, 0, 0, WorkerStopReason.Idle), report);
        Assert.Equal([0.0, 1, 4, 9, 16], store.Trials(study.Id).Select(t => t.Result!.Metrics["value"]));
        Assert.Equal(10, events.Count);
    }

    [Fact]
    public void Run_MaxUnits_StopsAfterThatMany()
    {
        var store = stores.OpenEmpty(StoreBackend.Sqlite);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        store.Enqueue(study.Id, Enumerable.Range(0, 3).Select(i => new UnitSpec("square", "2", "{}")).ToList());

        var report = new WorkerLoop(store, new UnitExecutorRegistry().Add(new Square()), Options() with { MaxUnits = 2 }).Run();

        Assert.Equal((2, WorkerStopReason.MaxUnits), (report.Completed, report.StopReason));
        Assert.Equal(1, store.CountTrials(study.Id)[TrialState.Queued]);
    }

    [Fact]
    public void Run_ExecutorThrows_UnitFailedWithTheMessage()
    {
        var store = stores.OpenEmpty(StoreBackend.Sqlite);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        store.Enqueue(study.Id, [new UnitSpec("square", "not a number", "{}")]);

        var report = new WorkerLoop(store, new UnitExecutorRegistry().Add(new Square()), Options() with { StudyId = study.Id, UntilStudyDone = true }).Run();

        Assert.Equal((1, WorkerStopReason.StudyDone), (report.Failed, report.StopReason));
        Assert.StartsWith("FormatException:", store.Trials(study.Id).Single().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoppedMidUnit_GivesTheUnitBackUncommitted()
    {
        var store = stores.OpenEmpty(StoreBackend.Sqlite);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        store.Enqueue(study.Id, [new UnitSpec("block", "a", "{}")]);
        using var started = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();
        var blocking = new Blocking(started);

        var run = Task.Run(() => new WorkerLoop(store, new UnitExecutorRegistry().Add(blocking), Options()).Run(stop.Token));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        stop.Cancel();
        var report = await run;
        blocking.Finish.Set();

        Assert.Equal(new WorkerReport(0, 0, 0, 1, WorkerStopReason.Stopped), report);
        var trial = store.Trials(study.Id).Single();
        Assert.Equal((TrialState.Queued, 1, null), (trial.State, trial.Attempt, trial.Result));
        Assert.Equal(2, store.TryLease("other", ["block"], TimeSpan.FromMinutes(1))!.Attempt);
    }

    [Fact]
    public async Task Run_HeartbeatsWhileTheUnitOutlivesItsLease()
    {
        var store = stores.OpenEmpty(StoreBackend.Sqlite);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        store.Enqueue(study.Id, [new UnitSpec("block", "a", "{}")]);
        using var started = new ManualResetEventSlim();
        var blocking = new Blocking(started);
        // The unit outlives its lease more than twice over; ten heartbeats per lease leave room for a loaded CI
        // machine (a 600 ms lease with 150 ms heartbeats once lost the lease while other test assemblies were building).
        var options = Options() with { Lease = TimeSpan.FromSeconds(2), HeartbeatInterval = TimeSpan.FromMilliseconds(200), IdleExit = TimeSpan.Zero };

        var run = Task.Run(() => new WorkerLoop(store, new UnitExecutorRegistry().Add(blocking), options).Run());
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        Thread.Sleep(4500);
        var thief = store.TryLease("thief", ["block"], TimeSpan.FromMinutes(1));
        blocking.Finish.Set();

        Assert.Null(thief);
        Assert.Equal(1, (await run).Completed);
    }

    private static WorkerOptions Options() => new() { WorkerId = "test-worker", Lease = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(50) };

    /// <summary>Squares the genotype read as a number.</summary>
    private sealed class Square : IUnitExecutor
    {
        public string Kind => "square";

        public TrialResult Execute(LeasedUnit unit, CancellationToken cancellationToken)
        {
            var x = double.Parse(unit.Genotype, CultureInfo.InvariantCulture);
            return new TrialResult(new Dictionary<string, double> { ["value"] = x * x });
        }
    }

    /// <summary>Signals that it started, then waits until told to finish (ignoring cancellation, as a long training would).</summary>
    private sealed class Blocking(ManualResetEventSlim started) : IUnitExecutor
    {
        public ManualResetEventSlim Finish { get; } = new();

        public string Kind => "block";

        public TrialResult Execute(LeasedUnit unit, CancellationToken cancellationToken)
        {
            started.Set();
            Finish.Wait(TimeSpan.FromSeconds(60), CancellationToken.None);
            return new TrialResult(new Dictionary<string, double> { ["value"] = 1 });
        }
    }

    private sealed class Synchronous(Action<WorkerEvent> action) : IProgress<WorkerEvent>
    {
        public void Report(WorkerEvent value) => action(value);
    }
}
