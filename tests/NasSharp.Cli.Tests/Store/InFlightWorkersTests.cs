using System.Diagnostics;
using System.Text.Json.Nodes;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli.Tests.Store;

/// <summary>
/// <c>nas search --evaluator train --workers external --in-flight 3</c> with real <c>nas worker</c> processes on SQLite
/// (issue 13: "the search process enqueues asynchronously"): units of one search run at the same time, the trials do not
/// depend on how many workers there are or which finishes first, and a search killed with units queued finds them again
/// when resumed instead of enqueuing them twice.
/// </summary>
public sealed class InFlightWorkersTests : IDisposable
{
    private readonly string runs = Path.Combine(Path.GetTempPath(), "nassharp-in-flight-" + Guid.NewGuid().ToString("N"));

    private string Store => Path.Combine(runs, "nas.db");

    public void Dispose()
    {
        if (Directory.Exists(runs))
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    private string[] Search(string name) =>
        ["search", "--evaluator", "train", "--workers", "external", "--in-flight", "3", "--final-epochs", "1", "--test-images", "40", "--budget", "6", "--strategy", "rea", "--population", "2", "--sample-size", "1", .. TinySupernet.Sizes, "--out", runs, "--name", name];

    [Fact]
    public void Search_ThreeInFlightOnTwoWorkers_UnitsOverlapAndTrialsAsOnOneWorker()
    {
        Directory.CreateDirectory(runs);
        using var first = StartWorker();
        using (var second = StartWorker())
        {
            CliRunner.Ok(Search("two"));
        }

        CliRunner.Ok(Search("one"));

        AssertSameResults("two", "one");
        using var store = new SqliteExperimentStore(Store);
        var units = Units(store, "two");
        Assert.Equal(2, units.Select(u => u.WorkerId).Distinct().Count());
        Assert.True(units.Any(a => units.Any(b => a.Id != b.Id && a.Started < b.Finished && b.Started < a.Finished)),
            "no two units of the search ran at the same time: " + string.Join("; ", units.Select(u => $"{u.Started:HH:mm:ss.fff}-{u.Finished:HH:mm:ss.fff}")));
        Assert.Single(Units(store, "one").Select(u => u.WorkerId).Distinct());
    }

    [Fact]
    public void Resume_ThreeInFlightSearchKilledWithUnitsQueued_FindsThemAgainAndEndsAsUninterrupted()
    {
        Directory.CreateDirectory(runs);
        IReadOnlyList<TrialRecord> queued;
        using (var killed = ChildProcess.StartNas(Search("killed")))
        {
            Assert.True(killed.WaitForOutput("3 in flight"), killed.Error);
            using var store = new SqliteExperimentStore(Store);
            queued = WaitForUnits(store, "killed", 3);
            killed.Signal("KILL");
            killed.WaitForExit();
        }

        Assert.All(queued, u => Assert.Equal(TrialState.Queued, u.State));
        using (var worker = StartWorker())
        {
            CliRunner.Ok(Search("whole"));
            Assert.Contains("resuming ", CliRunner.Ok("search", "--resume", "killed", "--out", runs), StringComparison.Ordinal);
        }

        AssertSameResults("whole", "killed");
        using (var store = new SqliteExperimentStore(Store))
        {
            var units = Units(store, "killed");
            Assert.Equal(queued.Select(u => u.Id), units.Take(3).Select(u => u.Id));
            Assert.Equal(units.Count, units.Select(u => u.Genotype).Distinct().Count());
            Assert.All(units, u => Assert.Equal((TrialState.Complete, 1), (u.State, u.Attempt)));
        }

        var (exit, _, error) = CliRunner.Run("search", "--resume", "killed", "--out", runs, "--in-flight", "2");
        Assert.Equal(2, exit);
        Assert.StartsWith("nas search: --in-flight 2 differs from the saved 3 of the run ", error, StringComparison.Ordinal);
    }

    private void AssertSameResults(string expected, string actual)
    {
        Assert.Equal(Summary(expected).ToJsonString(), Summary(actual).ToJsonString());
        Assert.Equal(File.ReadAllText(Path.Combine(runs, expected, "trials.csv")), File.ReadAllText(Path.Combine(runs, actual, "trials.csv")));
    }

    // The summary without what legitimately differs between two runs: timings and the run's own directory.
    private JsonObject Summary(string name)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runs, name, "summary.json")))!.AsObject();
        summary.Remove("search_seconds");
        summary.Remove("run_directory");
        return summary;
    }

    private static List<TrialRecord> Units(SqliteExperimentStore store, string study) =>
        [.. store.Trials(store.FindStudy(study)!.Id).Where(t => t.Kind == GroundTruthUnit.Kind)];

    private static List<TrialRecord> WaitForUnits(SqliteExperimentStore store, string study, int count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (store.FindStudy(study) is { } found && store.Trials(found.Id).Where(t => t.Kind == GroundTruthUnit.Kind).ToList() is { } units && units.Count >= count)
            {
                return units;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"the search {study} never enqueued {count} units");
    }

    // A worker that is polling the store when this returns.
    private ChildProcess StartWorker()
    {
        var worker = ChildProcess.StartNas(["worker", "--store", Store, "--lease-seconds", "30", "--idle-exit", "600"]);
        Assert.True(worker.WaitForOutput(": units "), worker.Error);
        return worker;
    }
}
