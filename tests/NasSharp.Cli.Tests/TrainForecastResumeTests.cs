namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas train --task forecast</c> killed with SIGKILL after an epoch checkpoint, then continued with <c>--resume</c>:
/// it ends as the uninterrupted run did (summary, weights, metrics), its Adam state and best-epoch weights included.
/// </summary>
public sealed class TrainForecastResumeTests(TrainData data) : IClassFixture<TrainData>, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nassharp-forecast-resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string[] Train(string name, bool resume = false, int epochs = 100) =>
        ["train", "--task", "forecast", "--data", data.SeriesPath, "--model", "gru", "--hidden", "6", "--window", "10", "--horizon", "2", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch-size", "16", "--out", root, resume ? "--resume" : "--name", name];

    [Fact]
    public void TrainForecast_KilledAfterAnEpochThenResumed_EqualsAnUninterruptedRun()
    {
        CliRunner.Ok(Train("uninterrupted"));
        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhen(Train("killed"), () => File.Exists(Path.Combine(killed, "checkpoint", "training.safetensors")));

        var output = CliRunner.Ok(Train("killed", resume: true));

        var reference = Path.Combine(root, "uninterrupted");
        Assert.Contains("epoch 100/100", output, StringComparison.Ordinal);
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(killed));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "weights.safetensors")), File.ReadAllBytes(Path.Combine(killed, "weights.safetensors")));
        Assert.Equal(ValidColumns(reference), ValidColumns(killed));
    }

    [Fact]
    public void TrainForecast_ResumeWithAnotherHorizon_NamesTheOption()
    {
        CliRunner.Ok(Train("short", epochs: 1));
        var other = Train("short", resume: true, epochs: 1);
        other[Array.IndexOf(other, "--horizon") + 1] = "3";

        var (exit, _, error) = CliRunner.Run(other);

        Assert.Equal(2, exit);
        Assert.Equal("nas train: --horizon 3 differs from the run's 2: resume with the options the run was started with", error.Trim());
    }

    // metrics.csv without its timing columns: epoch, train loss, valid RSE and CORR.
    private static string[] ValidColumns(string run) =>
        [.. File.ReadAllLines(Path.Combine(run, "metrics.csv")).Select(l => string.Join(',', l.Split(',').Take(4)))];
}
