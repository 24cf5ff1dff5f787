using System.Text.Json.Nodes;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas search --resume</c>: a search killed with SIGKILL (a real child process) at several points and resumed ends
/// with the summary, trials.csv and repeats.csv of an uninterrupted run, and a kill never leaves half a row.
/// </summary>
public sealed class SearchResumeTests(SyntheticTable table) : IClassFixture<SyntheticTable>
{
    private string RunRoot() => Path.Combine(table.Root, "resume-" + Guid.NewGuid().ToString("N"));

    private string[] TableSearch(string runs, string name, int repeats) =>
        ["search", "--table", table.Path, "--strategy", "rea", "--budget", "100", "--repeat", repeats.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "3", "--out", runs, "--name", name];

    private static string[] TrainSearch(string runs, string name) =>
        ["search", "--evaluator", "train", "--final-epochs", "1", "--test-images", "40", "--budget", "3", "--repeat", "2", "--strategy", "rea", "--population", "2", "--sample-size", "1", .. TinySupernet.Sizes, "--out", runs, "--name", name];

    // The summary without what legitimately differs between two runs: timings and the run's own directory.
    private static JsonObject Summary(string runs, string name)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runs, name, "summary.json")))!.AsObject();
        summary.Remove("search_seconds");
        summary.Remove("run_directory");
        return summary;
    }

    private static void AssertWholeRows(string file, int fields)
    {
        var text = File.ReadAllText(file);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), $"{file} ends mid-row");
        Assert.All(text.TrimEnd('\n').Split('\n').Skip(1), line => Assert.Equal(fields, line.Split(',').Length));
    }

    // Kill -9 once the output shows repeat `after` finished (or trials.csv has `rows` rows), then resume in-process.
    private static void KillWhen(string[] args, Func<ChildProcess, bool> ready)
    {
        using var nas = ChildProcess.StartNas(args);
        Assert.True(ready(nas), $"the search ended before the kill point: {nas.Output} {nas.Error}");
        nas.Signal("KILL");
        nas.WaitForExit();
    }

    private static bool RowsAtLeast(string file, int rows, ChildProcess nas)
    {
        while (!File.Exists(file) || File.ReadAllLines(file).Length < rows + 1)
        {
            if (nas.WaitForExitOrTimeout(50))
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    public void Resume_TableSearchKilledAfterARepeat_EndsWithTheUninterruptedResults(int after)
    {
        // Enough repeats that the child cannot finish between the line the test waits for and the kill, even when a
        // loaded machine starves the test's polling thread (60 repeats, about half a second, once raced to the end).
        const int repeats = 400;
        var runs = RunRoot();
        CliRunner.Ok(TableSearch(runs, "whole", repeats));
        KillWhen(TableSearch(runs, "killed", repeats), nas => nas.WaitForOutput(FormattableString.Invariant($"repeat {after,4}/{repeats}")));
        AssertWholeRows(Path.Combine(runs, "killed", "trials.csv"), 11);
        Assert.False(File.Exists(Path.Combine(runs, "killed", "summary.json")));

        var output = CliRunner.Ok("search", "--resume", "killed", "--out", runs);
        Assert.Contains("resuming ", output);
        Assert.Equal(Summary(runs, "whole").ToJsonString(), Summary(runs, "killed").ToJsonString());
        Assert.Equal(File.ReadAllText(Path.Combine(runs, "whole", "trials.csv")), File.ReadAllText(Path.Combine(runs, "killed", "trials.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(runs, "whole", "repeats.csv")), File.ReadAllText(Path.Combine(runs, "killed", "repeats.csv")));
        using var store = new SqliteExperimentStore(Path.Combine(runs, "nas.db"));
        Assert.Equal(repeats * 100, SearchTrialLog.Read(store, store.FindStudy("killed")!.Id).Count);
        Assert.Equal(StudyStatus.Complete, store.FindStudy("killed")!.Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Resume_TrainSearchKilledMidRun_EndsWithTheUninterruptedResults(int rows)
    {
        var runs = RunRoot();
        CliRunner.Ok(TrainSearch(runs, "whole"));
        KillWhen(TrainSearch(runs, "killed"), nas => RowsAtLeast(Path.Combine(runs, "killed", "trials.csv"), rows, nas));
        AssertWholeRows(Path.Combine(runs, "killed", "trials.csv"), 11);

        CliRunner.Ok("search", "--resume", Path.Combine(runs, "killed"));
        Assert.Equal(Summary(runs, "whole").ToJsonString(), Summary(runs, "killed").ToJsonString());
        Assert.Equal(File.ReadAllText(Path.Combine(runs, "whole", "trials.csv")), File.ReadAllText(Path.Combine(runs, "killed", "trials.csv")));
    }

    [Fact]
    public void Resume_RunWhoseStudyIsMissing_RecordsANewStudyAndEndsWithTheSameResults()
    {
        // A run killed before its study was created, or started by a version that recorded none: nothing to replay.
        var runs = RunRoot();
        CliRunner.Ok(TableSearch(runs, "whole", 3));
        var first = Summary(runs, "whole").ToJsonString();
        foreach (var file in Directory.GetFiles(runs, "nas.db*"))
        {
            File.Delete(file);
        }

        CliRunner.Ok("search", "--resume", "whole", "--out", runs);

        Assert.Equal(first, Summary(runs, "whole").ToJsonString());
        using var store = new SqliteExperimentStore(Path.Combine(runs, "nas.db"));
        var study = store.FindStudy("whole")!;
        Assert.Equal((StudyStatus.Complete, Path.Combine(runs, "whole")), (study.Status, study.RunDirectory));
        Assert.Equal(3 * 100, SearchTrialLog.Read(store, study.Id).Count);
    }

    [Fact]
    public void Resume_OptionsDifferingFromTheSaved_OneLineEachExit2()
    {
        var runs = RunRoot();
        CliRunner.Ok(TableSearch(runs, "r", 2));
        var (exit, _, error) = CliRunner.Run("search", "--resume", "r", "--out", runs, "--budget", "20", "--strategy", "random", "--seed", "3");
        Assert.Equal(2, exit);
        var lines = error.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("nas search: --budget 20 differs from the saved 100 of the run ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("nas search: --strategy \"random\" differs from the saved \"rea\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Resume_MethodRunByNameAlone_ContinuesWithItsSavedOptions()
    {
        var runs = RunRoot();
        string[] method = ["search", "--method", "darts", "--epochs", "2", "--train-images", "96", "--test-images", "32", "--channels", "4", "--cells", "1", "--final-epochs", "1", "--out", runs, "--name", "m", "--json"];
        var first = JsonNode.Parse(CliRunner.Ok(method).TrimEnd().Split('\n')[^1])!;
        var resumed = JsonNode.Parse(CliRunner.Ok("search", "--resume", "m", "--out", runs, "--json").TrimEnd().Split('\n')[^1])!;
        Assert.Equal(first["genotype"]!.GetValue<string>(), resumed["genotype"]!.GetValue<string>());
        Assert.Equal(first["retrained_test_accuracy"]!.GetValue<double>(), resumed["retrained_test_accuracy"]!.GetValue<double>());

        var (exit, _, error) = CliRunner.Run("search", "--resume", "m", "--out", runs, "--epochs", "3");
        Assert.Equal(2, exit);
        Assert.Equal($"nas search: --epochs cannot change when resuming the --method run {Path.Combine(runs, "m")}; leave it out to resume", error.TrimEnd());
    }

    [Fact]
    public void Resume_OptionsOfAnotherKind_OneLineExit2()
    {
        var runs = RunRoot();
        Directory.CreateDirectory(Path.Combine(runs, "other"));
        File.WriteAllText(Path.Combine(runs, "other", "options.json"), "{\"x\": 1}");
        var (exit, _, error) = CliRunner.Run("search", "--resume", "other", "--out", runs);
        Assert.Equal(2, exit);
        Assert.Equal($"nas search: --resume {Path.Combine(runs, "other")}: its options.json is not the options of a nas search run (missing or invalid fields)", error.TrimEnd());
    }

    [Fact]
    public void Resume_UnknownRun_OneLineNamingItExit2()
    {
        var runs = RunRoot();
        var (exit, _, error) = CliRunner.Run("search", "--resume", "nothing", "--out", runs);
        Assert.Equal(2, exit);
        Assert.Equal($"nas search: --resume nothing: no run directory nothing or {Path.Combine(runs, "nothing")} with an options.json", error.TrimEnd());
    }

    [Fact]
    public void Search_Table_EveryTrialInTheStudyOfTheRun()
    {
        var runs = RunRoot();
        CliRunner.Ok(TableSearch(runs, "s", 3));
        using var store = new SqliteExperimentStore(Path.Combine(runs, "nas.db"));
        var study = store.FindStudy("s")!;
        var entries = SearchTrialLog.Read(store, study.Id);
        var rows = File.ReadAllLines(Path.Combine(runs, "s", "trials.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(rows.Select(r => (r[0], r[2], r[3], r[5])), entries.Select(e => (Invariant(e.Repeat), Invariant(e.Trial), e.Genotype, Invariant(e.Score!.Value))));
        Assert.Equal(Path.Combine(runs, "s"), study.RunDirectory);
        Assert.Contains("\"strategy\":\"rea\"", study.OptionsJson);
    }

    private static string Invariant(IFormattable value) => value.ToString(value is double ? "R" : null, System.Globalization.CultureInfo.InvariantCulture);
}
