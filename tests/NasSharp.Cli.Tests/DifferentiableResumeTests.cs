namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas search --method gdas --fewshot</c> killed with SIGKILL inside the sub-supernets' searches, then continued with
/// <c>--resume</c>; and <c>nas train</c> (the standard and the DARTS recipe) killed after an epoch checkpoint. Each ends as the uninterrupted run did.
/// </summary>
public sealed class DifferentiableResumeTests : IDisposable
{
    private const string Genotype = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|avg_pool_3x3~2|";

    private readonly string root = Directory.CreateTempSubdirectory("nassharp-differentiable-resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string[] Search(string name, bool resume = false) =>
        ["search", "--method", "gdas", "--fewshot", "--epochs", "1", "--split-epochs", "2", "--channels", "4", "--cells", "1", "--train-images", "128", "--test-images", "64", "--batch-size", "32", "--final-epochs", "1", "--out", root, resume ? "--resume" : "--name", name];

    private string[] Train(string name, bool resume = false) =>
        ["train", "--genotype", Genotype, "--channels", "4", "--cells", "1", "--epochs", "3", "--batch-size", "32", "--train-images", "192", "--out", root, resume ? "--resume" : "--name", name];

    private string[] TrainDarts(string name, bool resume = false) =>
        ["train", "--genotype", NasSharp.Search.Spaces.Darts.DartsGenotype.DartsV2.ToString(), "--recipe", "darts", "--channels", "4", "--cells", "3", "--epochs", "3", "--batch-size", "32", "--train-images", "192", "--out", root, resume ? "--resume" : "--name", name];

    [Fact]
    public void SearchMethodFewShot_KilledInASplitThenResumed_EqualsAnUninterruptedRun()
    {
        CliRunner.Ok(Search("uninterrupted"));
        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhen(Search("killed"), () => Directory.Exists(Path.Combine(killed, "checkpoints"))
            && Directory.GetDirectories(Path.Combine(killed, "checkpoints"), "split-*").Any(d => File.Exists(Path.Combine(d, "search.safetensors"))));

        CliRunner.Ok(Search("killed", resume: true));

        var reference = Path.Combine(root, "uninterrupted");
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(killed));
        Assert.Equal(KillAndResume.Weights(reference), KillAndResume.Weights(killed));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "architecture.csv")), File.ReadAllText(Path.Combine(killed, "architecture.csv")));

        var other = Search("killed", resume: true);
        other[Array.IndexOf(other, "--split-epochs") + 1] = "3";
        var (exit, _, error) = CliRunner.Run(other);
        Assert.Equal(2, exit);
        Assert.Equal("nas search: --split-epochs 3 differs from the run's 2: resume with the options the run was started with", error.Trim());
    }

    [Fact]
    public void TrainImage_KilledAfterAnEpochThenResumed_EqualsAnUninterruptedRun()
    {
        CliRunner.Ok(Train("uninterrupted"));
        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhen(Train("killed"), () => File.Exists(Path.Combine(killed, "checkpoint", "training.safetensors")));

        var output = CliRunner.Ok(Train("killed", resume: true));

        var reference = Path.Combine(root, "uninterrupted");
        Assert.Contains("epoch   3/3", output, StringComparison.Ordinal);
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(killed));
        Assert.Equal(KillAndResume.Weights(reference), KillAndResume.Weights(killed));
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "metrics.csv")).Length, File.ReadAllLines(Path.Combine(killed, "metrics.csv")).Length);
    }

    [Fact]
    public void TrainDartsRecipe_KilledAfterAnEpochThenResumed_EqualsAnUninterruptedRun()
    {
        // Drop path (ramped to 0.2, so it draws from epoch 2 on) and the auxiliary head: the resumed epochs must draw the
        // same drop-path masks as the uninterrupted run.
        CliRunner.Ok(TrainDarts("uninterrupted"));
        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhen(TrainDarts("killed"), () => File.Exists(Path.Combine(killed, "checkpoint", "training.safetensors")));

        var output = CliRunner.Ok(TrainDarts("killed", resume: true));

        var reference = Path.Combine(root, "uninterrupted");
        Assert.Contains("darts recipe", output, StringComparison.Ordinal);
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(killed));
        Assert.Equal(KillAndResume.Weights(reference), KillAndResume.Weights(killed));
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "metrics.csv")).Length, File.ReadAllLines(Path.Combine(killed, "metrics.csv")).Length);
    }
}
