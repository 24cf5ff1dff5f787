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
