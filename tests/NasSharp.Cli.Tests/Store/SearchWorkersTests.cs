using System.Diagnostics;
using System.Text.Json.Nodes;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli.Tests.Store;

/// <summary>
/// <c>nas search --evaluator train --workers external</c> with two real <c>nas worker</c> processes on SQLite: every trial is
/// a unit a worker trains, and the search ends with the same trials and summary as the in-process search.
/// </summary>
public sealed class SearchWorkersTests : IDisposable
{
    private readonly string runs = Path.Combine(Path.GetTempPath(), "nassharp-search-workers-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(runs))
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    private string[] Search(string name, string workers) =>
        ["search", "--evaluator", "train", "--workers", workers, "--final-epochs", "1", "--test-images", "40", "--budget", "4", "--strategy", "rea", "--population", "2", "--sample-size", "1", .. TinySupernet.Sizes, "--out", runs, "--name", name];

    private JsonObject Summary(string name)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runs, name, "summary.json")))!.AsObject();
        summary.Remove("search_seconds");
        summary.Remove("run_directory");
        return summary;
    }

    [Fact]
    public void Search_TrainTrialsOnTwoSqliteWorkers_SameTrialsAsInProcess()
    {
        CliRunner.Ok(Search("local", "in-process"));
        var workers = Enumerable.Range(0, 2).Select(_ => StartWorker(Path.Combine(runs, "nas.db"))).ToList();
        try
        {
            CliRunner.Ok(Search("external", "external"));
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

        Assert.Equal(Summary("local").ToJsonString(), Summary("external").ToJsonString());
        Assert.Equal(File.ReadAllText(Path.Combine(runs, "local", "trials.csv")), File.ReadAllText(Path.Combine(runs, "external", "trials.csv")));
        using var store = new SqliteExperimentStore(Path.Combine(runs, "nas.db"));
        var units = store.Trials(store.FindStudy("external")!.Id).Where(t => t.Kind == GroundTruthUnit.Kind).ToList();
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.Equal(TrialState.Complete, u.State));
        Assert.All(units, u => Assert.NotNull(u.WorkerId));
        Assert.DoesNotContain(store.Trials(store.FindStudy("local")!.Id), t => t.Kind == GroundTruthUnit.Kind);
    }

    private static Process StartWorker(string store)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { typeof(NasCommand).Assembly.Location, "worker", "--store", store, "--lease-seconds", "30", "--idle-exit", "600" })
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
