using BenchmarkDotNet.Attributes;
using NasSharp.Store.Experiments;

namespace NasSharp.Benchmarks.Store;

/// <summary>
/// The store's cost per search trial as <c>nas search</c> records them: one repeat of 150 table trials committed one
/// transaction per trial (the baseline, what a slow evaluator does) or in one transaction per repeat (what a table search
/// does). Results are per trial (OperationsPerInvoke). PostgreSQL runs when NASSHARP_BENCH_POSTGRES names a database.
/// </summary>
[MemoryDiagnoser]
public class SearchTrialLogBenchmarks
{
    private const int Trials = 150;
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

    [Benchmark(Baseline = true, OperationsPerInvoke = Trials)]
    public void PerTrialCommit() => Repeat(SearchCommitPolicy.PerTrial);

    [Benchmark(OperationsPerInvoke = Trials)]
    public void PerRepeatCommit() => Repeat(SearchCommitPolicy.PerRepeat);

    private void Repeat(SearchCommitPolicy policy)
    {
        var log = new SearchTrialLog(store, studyId, policy);
        for (var t = 1; t <= Trials; t++)
        {
            log.Add(new SearchTrialEntry(0, 42, t, "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|", 84.1 + (t * 0.01), 93.9, 12.5, 0.0001));
        }

        log.Commit();
    }
}
