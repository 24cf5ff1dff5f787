using BenchmarkDotNet.Attributes;
using NasSharp.Store.Experiments;

namespace NasSharp.Benchmarks.Store;

/// <summary>
/// What the experiment store costs per trial: a search recording one complete trial (one transaction), and a worker's
/// whole unit cycle (lease, heartbeat, commit: three transactions). The baseline is the SQLite file; PostgreSQL runs
/// when NASSHARP_BENCH_POSTGRES holds a connection string or URI of a database to use (its tables are created there).
/// </summary>
[MemoryDiagnoser]
public class StoreOverheadBenchmarks
{
    private static readonly TrialResult Result = new(new Dictionary<string, double> { ["test_accuracy"] = 93.1, ["valid_accuracy"] = 90.2, ["params"] = 1.2e6 }) { WallSeconds = 1.5 };
    private string directory = string.Empty;
    private IExperimentStore store = null!;
    private long studyId;

    [Params("sqlite", "postgresql")]
    public string Backend { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "nassharp-bench-" + Guid.NewGuid().ToString("N"));
        var location = Backend == "sqlite"
            ? new StoreLocation(StoreBackend.Sqlite, Path.Combine(directory, "nas.db"))
            : StoreLocation.Parse(Environment.GetEnvironmentVariable("NASSHARP_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("set NASSHARP_BENCH_POSTGRES to a PostgreSQL database to benchmark it"));
        store = location.Open();
        studyId = store.CreateOrOpenStudy(new StudySpec("bench-" + Guid.NewGuid().ToString("N"), "bench", "{}", "bench")).Id;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public long AddCompleteTrial() => store.AddCompleteTrial(studyId, new CompletedTrial("train", "|nor_conv_3x3~0|+|skip_connect~0|none~1|", "{}", Result)).Id;

    [Benchmark]
    public bool EnqueueLeaseHeartbeatComplete()
    {
        store.Enqueue(studyId, [new UnitSpec("bench", "|nor_conv_3x3~0|", "{}")]);
        var unit = store.TryLease("bench-worker", ["bench"], TimeSpan.FromMinutes(1), studyId)!;
        store.Heartbeat(unit.TrialId, unit.Attempt, TimeSpan.FromMinutes(1));
        return store.Complete(unit.TrialId, unit.Attempt, Result);
    }
}
