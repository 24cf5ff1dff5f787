namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas search --space tib|darts-rnn</c> killed with SIGKILL after growth events, then continued with
/// <c>--resume</c> (the whole command line again, or the run's name alone): the records and the summary end as the
/// uninterrupted run's, apart from wall-clock seconds.
/// </summary>
public sealed class RecurrentResumeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nassharp-recurrent-resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    // Grows 1 -> 2 -> 3 nodes after epochs 1 and 2, each with an edge into a node (M4), stops growing after epoch 3
    // (N_max), 4 epochs in all.
    private string[] TibForecast(string name, bool resume = false, string epochs = "4") =>
        ["search", "--space", "tib", "--task", "forecast", "--grow", "gtp", "--grow-morphism", "both", "--grow-every", "1", "--nmax", "3", "--hidden", "8", "--epochs", epochs, "--retrain-epochs", "1", "--out", root, resume ? "--resume" : "--name", name];

    [Fact]
    public void SearchTibForecast_KilledAfterNodeAndEdgeGrowthThenResumedWithItsOptions_EndsAsAnUninterruptedRun()
    {
        CliRunner.Ok(TibForecast("uninterrupted"));
        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhenPrinted(TibForecast("killed"), "epoch   2/4");
        var growth = File.ReadAllLines(Path.Combine(killed, "growth.csv"));
        Assert.Equal(2, growth.Length - 1);
        Assert.All(growth[1..], row => Assert.Matches(",[0-9]+->[0-9]+,", row));
        Assert.False(File.Exists(Path.Combine(killed, "summary.json")));

        var (exit, _, error) = CliRunner.Run(TibForecast("killed", resume: true, epochs: "5"));
        Assert.Equal(2, exit);
        Assert.Equal("nas search: --epochs 5 differs from the run's 4: resume with the options the run was started with", error.Trim());

        var output = CliRunner.Ok(TibForecast("killed", resume: true));
        Assert.Contains("resuming " + killed, output, StringComparison.Ordinal);
        AssertSameRecords(Path.Combine(root, "uninterrupted"), killed);
    }

    [Fact]
    public void SearchDartsRnnLanguageModelWithRandomBptt_KilledAfterGrowthThenResumedByNameAlone_EndsAsAnUninterruptedRun()
    {
        // Window lengths drawn (--random-bptt, the lm default) per epoch from (seed, epoch), so the resumed epochs read the
        // same windows (bptt 5: about 37 windows per epoch of the synthetic tokens, so some are of half length).
        string[] Search(string name) =>
            ["search", "--space", "darts-rnn", "--task", "lm", "--method", "gdas", "--grow", "gtp", "--grow-every", "1", "--nmax", "4", "--hidden", "8", "--epochs", "4", "--weight-lr", "2", "--bptt", "5", "--retrain-epochs", "1", "--out", root, "--name", name];
        CliRunner.Ok(Search("uninterrupted"));
        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhenPrinted(Search("killed"), "epoch   2/4");

        var (exit, _, error) = CliRunner.Run("search", "--resume", "killed", "--out", root, "--hidden", "16");
        Assert.Equal(2, exit);
        Assert.Equal($"nas search: --hidden cannot change when resuming the recurrent run {killed}; leave it out to resume", error.Trim());

        CliRunner.Ok("search", "--resume", "killed", "--out", root);
        AssertSameRecords(Path.Combine(root, "uninterrupted"), killed);
        Assert.Contains("\"random_bptt\": true", File.ReadAllText(Path.Combine(killed, "options.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void SearchGrownDartsRnn_OptionsJsonWithTheOldOmegaLr_ResumesByNameAndWithItsOldCommandLine()
    {
        // A run recorded while the option was --omega-lr (options.json: "omega_lr"); darts-rnn's gains were omega then as
        // now, so it goes on as it started.
        string[] Search(params string[] last) =>
            ["search", "--space", "darts-rnn", "--task", "lm", "--grow", "gtp", "--n0", "2", "--nmax", "3", "--hidden", "8", "--epochs", "2", "--weight-lr", "2", "--retrain-epochs", "0", "--out", root, .. last];
        CliRunner.Ok(Search("--gain-lr", "0.01", "--name", "old"));
        var run = Path.Combine(root, "old");
        var summary = KillAndResume.Summary(run);
        var path = Path.Combine(run, "options.json");
        var json = File.ReadAllText(path);
        Assert.Contains("\"gain_lr\": 0.01", json, StringComparison.Ordinal);
        File.WriteAllText(path, json.Replace("\"gain_lr\": 0.01", "\"omega_lr\": 0.01", StringComparison.Ordinal));

        Assert.Contains("resuming " + run, CliRunner.Ok("search", "--resume", "old", "--out", root), StringComparison.Ordinal);
        Assert.Contains("resuming " + run, CliRunner.Ok(Search("--omega-lr", "0.01", "--resume", "old")), StringComparison.Ordinal);
        Assert.Equal(summary, KillAndResume.Summary(run));
        var (exit, _, error) = CliRunner.Run(Search("--gain-lr", "0.02", "--resume", "old"));
        Assert.Equal(2, exit);
        Assert.Equal("nas search: --gain-lr 0.02 differs from the run's 0.01: resume with the options the run was started with", error.Trim());
    }

    [Fact]
    public void SearchTib_OptionsJsonFromBeforeItsGatesWereGains_ResumeIsRefusedInOneLine()
    {
        string[] Search(string last, string name) =>
            ["search", "--space", "tib", "--task", "forecast", "--nmax", "2", "--hidden", "4", "--epochs", "1", "--window", "8", "--retrain-epochs", "0", "--out", root, last, name];
        CliRunner.Ok(Search("--name", "old"));
        var run = Path.Combine(root, "old");
        var path = Path.Combine(run, "options.json");
        var json = File.ReadAllText(path);
        // As versions before tib's gates joined the gains wrote it.
        var before = json.Replace("\n  \"tib_gates_in_gains\": true,", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(json, before);
        File.WriteAllText(path, before);

        foreach (var args in new[] { new[] { "search", "--resume", "old", "--out", root }, Search("--resume", "old") })
        {
            var (exit, _, error) = CliRunner.Run(args);
            Assert.Equal(2, exit);
            Assert.Equal($"nas search: --resume {run}: this tib run was made before tib's gates gamma had their own Adam (--gain-lr); its weight optimiser trained them, so it cannot go on as it started: start it again without --resume", error.Trim());
        }
    }

    private static void AssertSameRecords(string reference, string resumed)
    {
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(resumed));
        foreach (var file in new[] { "architecture.csv", "growth.csv", "options.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(Path.Combine(resumed, file)));
        }

        foreach (var file in new[] { "epochs.csv", "alpha_loss.csv" })
        {
            Assert.Equal(WithoutSeconds(Path.Combine(reference, file)), WithoutSeconds(Path.Combine(resumed, file)));
        }
    }

    // The lines of a CSV file without its wall-clock "seconds" column (no field of these files is quoted).
    private static string[] WithoutSeconds(string path)
    {
        var lines = File.ReadAllLines(path);
        var column = Array.IndexOf(lines[0].Split(','), "seconds");
        Assert.True(column >= 0, $"{path} has no seconds column");
        return lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != column))).ToArray();
    }
}
