using NasSharp.Store.Experiments;

namespace NasSharp.Cli.Tests;

/// <summary>
/// The end-to-end weight-sharing searches of the chain and DARTS spaces (<c>nas search --space chain|darts --evaluator
/// oneshot|fewshot</c>) killed with SIGKILL during supernet training, during the search and during the winner's training,
/// then continued with <c>--resume</c>: summary, trials.csv and the saved winner equal an uninterrupted run's, and the
/// run's study holds each trial exactly once.
/// </summary>
public sealed class SpaceSearchResumeTests(SpaceSearchResumeTests.References references) : IClassFixture<SpaceSearchResumeTests.References>
{
    private const int ChainBudget = 10;
    private const int DartsBudget = 6;

    // Few-shot on the chain: 4 sub-supernets of layer 0, 2 epochs each; 128 held-out images so a trial lasts long enough to be killed in.
    public static string[] Chain(string runs, string name) =>
        ["search", "--space", "chain", "--evaluator", "fewshot", "--strategy", "rea", "--epochs", "1", "--split-epochs", "2", "--train-images", "64", "--valid-images", "128",
            "--test-images", "32", "--batch-size", "32", "--budget", $"{ChainBudget}", "--final-epochs", "1", "--out", runs, "--name", name];

    public static string[] Darts(string runs, string name, bool resume = false) =>
        ["search", "--space", "darts", "--evaluator", "oneshot", "--strategy", "random", "--epochs", "2", "--train-images", "64", "--valid-images", "32",
            "--test-images", "32", "--batch-size", "32", "--budget", $"{DartsBudget}", "--final-epochs", "2", "--channels", "4", "--out", runs, resume ? "--resume" : "--name", name];

    [Theory]
    [InlineData("splits")]
    [InlineData("search")]
    public void ChainFewShot_KilledThenResumedByName_SummaryTrialsAndWinnerEqualAnUninterruptedRun(string point)
    {
        var name = "chain-" + point;
        var dir = Path.Combine(references.Root, name);
        Func<bool> ready = point == "splits"
            ? () => File.Exists(Path.Combine(dir, "supernet", "split-1", "checkpoint.safetensors"))
            : () => DataRows(Path.Combine(dir, "trials.csv")) >= 3;
        KillAndResume.KillWhen(Chain(references.Root, name), ready);
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
        if (point == "search")
        {
            Assert.InRange(StoredTrials(name).Count, 1, ChainBudget - 1);
        }

        var output = CliRunner.Ok("search", "--resume", name, "--out", references.Root);

        Assert.Contains("(resuming)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("one-shot: epoch", output, StringComparison.Ordinal); // finished before the kill: not trained again
        Assert.DoesNotContain("sub-supernet 0 (", output, StringComparison.Ordinal);
        AssertEqualsUninterrupted(references.ChainRun, dir, ChainBudget);
    }

    [Theory]
    [InlineData("supernet")]
    [InlineData("final")]
    public void DartsOneShot_KilledThenResumedWithItsOptions_SummaryTrialsAndWinnerEqualAnUninterruptedRun(string point)
    {
        var name = "darts-" + point;
        var dir = Path.Combine(references.Root, name);
        Func<bool> ready = point == "supernet"
            ? () => File.Exists(Path.Combine(dir, "supernet", "oneshot", "checkpoint.safetensors"))
            : () => File.Exists(Path.Combine(dir, "final", "training.safetensors"));
        KillAndResume.KillWhen(Darts(references.Root, name), ready);
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));

        var output = CliRunner.Ok(Darts(references.Root, name, resume: true));

        // The one-shot supernet continues from its last checkpoint: epoch 1 (or, killed in the final training, all) not trained again.
        Assert.DoesNotContain("one-shot: epoch 1/2 done", output, StringComparison.Ordinal);
        Assert.Equal(point == "supernet", output.Contains("one-shot: epoch 2/2 done", StringComparison.Ordinal));

        AssertEqualsUninterrupted(references.DartsRun, dir, DartsBudget);
    }

    [Fact]
    public void ChainFewShot_Uninterrupted_EveryTrialInTheRunsStudyWhichNasRunsShows()
    {
        var trials = StoredTrials("chain");
        var rows = File.ReadAllLines(Path.Combine(references.ChainRun, "trials.csv")).Skip(1).ToList();
        Assert.Equal(ChainBudget, trials.Count);
        Assert.Equal(Enumerable.Range(1, ChainBudget), trials.Select(t => t.Trial));
        Assert.All(trials.Zip(rows), p => Assert.StartsWith($"{p.First.Trial},\"{p.First.Genotype}\",", p.Second, StringComparison.Ordinal));

        var store = Path.Combine(references.Root, "nas.db");
        var list = CliRunner.Ok("runs", "list", "--store", store);
        Assert.Contains(list.Split('\n'), l => l.Contains(" chain ", StringComparison.Ordinal) && l.Contains("complete", StringComparison.Ordinal));
        var best = trials.MaxBy(t => t.Score)!;
        Assert.Contains(best.Genotype, CliRunner.Ok("runs", "show", "chain", "--store", store), StringComparison.Ordinal);
    }

    private void AssertEqualsUninterrupted(string reference, string resumed, int budget)
    {
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(resumed));
        Assert.Equal(KillAndResume.Weights(reference), KillAndResume.Weights(resumed));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "trials.csv")), File.ReadAllText(Path.Combine(resumed, "trials.csv")));
        var (status, trials) = Study(Path.GetFileName(resumed));
        Assert.Equal(StudyStatus.Complete, status);
        Assert.Equal(Enumerable.Range(1, budget), trials.Select(t => t.Trial));
        Assert.Equal(StoredTrials(Path.GetFileName(reference)).Select(t => (t.Genotype, t.Score)), trials.Select(t => (t.Genotype, t.Score)));
    }

    private IReadOnlyList<SearchTrialEntry> StoredTrials(string study) => Study(study).Trials;

    private (StudyStatus Status, IReadOnlyList<SearchTrialEntry> Trials) Study(string name)
    {
        using var store = new SqliteExperimentStore(Path.Combine(references.Root, "nas.db"));
        var study = store.FindStudy(name)!;
        Assert.Equal(name, Path.GetFileName(study.RunDirectory));
        return (study.Status, SearchTrialLog.Read(store, study.Id));
    }

    // Whole data rows of a CSV being written (a line still without its end is not counted).
    private static int DataRows(string file)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return Math.Max(0, reader.ReadToEnd().Count(c => c == '\n') - 1);
    }

    /// <summary>One uninterrupted run per space, the yardstick of every resumed one.</summary>
    public sealed class References : IDisposable
    {
        public References()
        {
            CliRunner.Ok(Chain(Root, "chain"));
            CliRunner.Ok(Darts(Root, "darts"));
        }

        public string Root { get; } = Directory.CreateTempSubdirectory("nassharp-space-resume-").FullName;

        public string ChainRun => Path.Combine(Root, "chain");

        public string DartsRun => Path.Combine(Root, "darts");

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
