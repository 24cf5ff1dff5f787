using System.Text.Json;

namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas search --space tib|darts-rnn --fewshot</c>: one checkpoint folder and one summary entry per part, progress
/// lines naming the part with an ETA, the part with the lowest alpha-stream loss retrained; killed with SIGKILL inside a
/// split part and continued with <c>--resume</c>, it ends as the uninterrupted run; combinations that cannot run are
/// refused with one line.
/// </summary>
public sealed class RecurrentFewShotTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nassharp-recurrent-fewshot-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    // The warm-up (2 epochs) and the nine parts of node 0's op row, 2 epochs each.
    private string[] TibForecast(string name, bool resume = false) =>
        ["search", "--space", "tib", "--task", "forecast", "--fewshot", "--split-epochs", "2", "--nmax", "2", "--hidden", "4", "--window", "8", "--epochs", "2", "--retrain-epochs", "1", "--out", root, resume ? "--resume" : "--name", name];

    [Fact]
    public void SearchTibForecastFewShot_KilledInsideASplitPartThenResumedWithItsOptions_EndsAsAnUninterruptedRun()
    {
        var output = CliRunner.Ok(TibForecast("uninterrupted"));
        var reference = Path.Combine(root, "uninterrupted");
        Assert.Matches(@"(?m)^oneshot epoch   1/2 .*  ETA \d", output);
        Assert.Matches(@"(?m)^split-0-mul_tanh epoch   2/2 .*  ETA 0s", output);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(reference, "summary.json"))))
        {
            var s = summary.RootElement;
            var parts = s.GetProperty("parts").EnumerateArray().ToList();
            Assert.Equal(9, parts.Count);
            Assert.All(parts, p => Assert.True(File.Exists(Path.Combine(reference, p.GetProperty("part").GetString()!, "search.safetensors"))));
            var chosen = parts.MinBy(p => p.GetProperty("alpha_loss").GetDouble());
            Assert.Equal(chosen.GetProperty("part").GetString(), s.GetProperty("part_chosen").GetString());
            Assert.Equal(chosen.GetProperty("genotype").GetString(), s.GetProperty("genotype").GetString());
            Assert.Equal("node 0", s.GetProperty("split_row").GetString());
        }

        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhenPrinted(TibForecast("killed"), "split-0-add_tanh epoch   1/2");
        Assert.False(File.Exists(Path.Combine(killed, "summary.json")));
        var finished = Path.Combine(killed, "split-0-skip", "search.safetensors");
        var checkpoint = File.ReadAllBytes(finished);

        var resumed = CliRunner.Ok(TibForecast("killed", resume: true));

        Assert.Contains("resuming " + killed, resumed, StringComparison.Ordinal);
        // A part finished before the kill is restored, not trained again (its checkpoint would record new timings).
        Assert.Equal(checkpoint, File.ReadAllBytes(finished));
        AssertSameRecords(reference, killed);
    }

    [Fact]
    public void SearchDartsRnnLanguageModelFewShotGdas_KilledInsideASplitPartThenResumedByNameAlone_EndsAsAnUninterruptedRun()
    {
        // darts-rnn's first node has one edge (node 1 <- 0): four parts, none makes none (the derivation never keeps it).
        string[] Search(string name) =>
            ["search", "--space", "darts-rnn", "--task", "lm", "--method", "gdas", "--fewshot", "--split-epochs", "2", "--nmax", "2", "--hidden", "8", "--epochs", "2", "--weight-lr", "2", "--bptt", "5", "--retrain-epochs", "1", "--out", root, "--name", name];
        CliRunner.Ok(Search("uninterrupted"));
        var reference = Path.Combine(root, "uninterrupted");
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(reference, "summary.json"))))
        {
            Assert.Equal(["split-0-tanh", "split-0-relu", "split-0-sigmoid", "split-0-identity"], summary.RootElement.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("part").GetString()));
        }

        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhenPrinted(Search("killed"), "split-0-relu epoch   1/2");
        Assert.False(File.Exists(Path.Combine(killed, "summary.json")));
        var finished = Path.Combine(killed, "split-0-tanh", "search.safetensors");
        var checkpoint = File.ReadAllBytes(finished);

        CliRunner.Ok("search", "--resume", "killed", "--out", root);

        AssertSameRecords(reference, killed);
        Assert.Equal(checkpoint, File.ReadAllBytes(finished));
    }

    [Theory]
    [InlineData("--fewshot splits a fixed supernet and cannot be combined with --grow gtp; use --grow none", "--space", "tib", "--fewshot", "--grow", "gtp")]
    [InlineData("--edge 6 is out of range 0..5 for darts-rnn with 3 nodes", "--space", "darts-rnn", "--fewshot", "--nmax", "3", "--edge", "6")]
    [InlineData("--split-epochs must be positive, got 0", "--space", "tib", "--fewshot", "--split-epochs", "0")]
    [InlineData("--split-epochs applies to a few-shot search; add --fewshot or leave it out", "--space", "tib", "--split-epochs", "2")]
    [InlineData("--edge applies to a few-shot search; add --fewshot or leave it out", "--space", "darts-rnn", "--edge", "1")]
    public void SearchRecurrentFewShot_CombinationThatCannotRun_OneLineNamingItExit2(string expected, params string[] args)
    {
        var (exit, _, error) = CliRunner.Run(["search", "--out", root, .. args]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    // Summary (apart from wall seconds), options and architecture byte for byte; epochs and alpha losses apart from their seconds.
    private static void AssertSameRecords(string reference, string resumed)
    {
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(resumed));
        foreach (var file in new[] { "architecture.csv", "options.json" })
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
