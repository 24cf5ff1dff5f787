using System.Diagnostics;
using System.Globalization;
using NasSharp.Store.Experiments;
using NasSharp.Store.Tests.Experiments;

namespace NasSharp.Cli.Tests.Store;

/// <summary>
/// Real <c>nas worker</c> processes on 40 small ground-truth units, one of them killed (SIGKILL) mid-unit: every unit
/// is complete exactly once and the killed unit was re-run by another worker after its 3 s lease expired.
/// </summary>
public sealed class WorkerProcessTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private const int Units = 40;
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-workers-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [PostgresFact]
    public void Workers_FourOnPostgresOneKilled_EveryUnitCompleteOnce() =>
        Scenario(new StoreLocation(StoreBackend.PostgreSql, server.CreateDatabase()), processes: 4);

    [Fact]
    public void Workers_TwoOnSqliteOneKilled_EveryUnitCompleteOnce()
    {
        Directory.CreateDirectory(root);
        Scenario(new StoreLocation(StoreBackend.Sqlite, Path.Combine(root, "nas.db")), processes: 2);
    }

    private void Scenario(StoreLocation location, int processes)
    {
        Directory.CreateDirectory(root);
        var csv = Path.Combine(root, "truth", "groundtruth.csv");
        var storeArgument = location.Target;
        string[] groundTruth = ["groundtruth", "--sample", Units.ToString(CultureInfo.InvariantCulture), .. UnitSizes, "--out", Path.GetDirectoryName(csv)!, "--store", storeArgument];
        var enqueued = CliRunner.Ok([.. groundTruth, "--workers", "external"]);
        Assert.Contains($"{Units} enqueued", enqueued, StringComparison.Ordinal);

        using var store = location.Open();
        var study = Assert.Single(store.ListStudies());
        var workers = Enumerable.Range(0, processes).Select(_ => StartWorker(storeArgument)).ToList();
        try
        {
            var victim = workers[0];
            var victimId = $"{Environment.MachineName}:{victim.Id}";
            var killed = WaitForUnitOf(store, study.Id, victimId);
            victim.Kill();
            foreach (var worker in workers.Skip(1))
            {
                Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(4)), "a worker did not go idle");
                Assert.Equal(0, worker.ExitCode);
            }

            var trials = store.Trials(study.Id);
            Assert.Equal(Units, trials.Count);
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
            Assert.Equal(Units, trials.Select(t => t.Genotype).Distinct().Count());
            var rerun = trials.Single(t => t.Id == killed);
            Assert.Equal(2, rerun.Attempt);
            Assert.NotEqual(victimId, rerun.WorkerId);
            Assert.DoesNotContain(trials, t => t.WorkerId == victimId);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill();
                }

                worker.Dispose();
            }
        }

        // The enqueuing command, rerun, collects every result into its table without training anything.
        var collected = CliRunner.Ok(groundTruth);
        Assert.Contains("0 trained here", collected, StringComparison.Ordinal);
        Assert.Equal(Units + 1, File.ReadAllLines(csv).Length);
    }

    /// <summary>Tiny architectures on a few hundred synthetic images: a unit takes about a second.</summary>
    private static readonly string[] UnitSizes = ["--epochs", "1", "--channels", "4", "--cells", "1", "--train-images", "64", "--valid-images", "40", "--test-images", "100", "--batch-size", "32"];

    private static long WaitForUnitOf(IExperimentStore store, long studyId, string workerId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (store.Trials(studyId, TrialState.Running).FirstOrDefault(t => t.WorkerId == workerId) is { } held)
            {
                return held.Id;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"worker {workerId} never leased a unit");
    }

    private static Process StartWorker(string store)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { typeof(NasCommand).Assembly.Location, "worker", "--store", store, "--lease-seconds", "3", "--idle-exit", "6" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
