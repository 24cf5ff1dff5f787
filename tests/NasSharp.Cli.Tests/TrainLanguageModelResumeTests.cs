using System.Globalization;

namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas train --task lm</c> (a 2-layer LSTM with dropout, and a searched cell with NT-ASGD and drawn window lengths)
/// killed with SIGKILL after an epoch checkpoint, then continued with <c>--resume</c>: it ends as the uninterrupted
/// run did (summary, weights, metrics), dropout masks, window lengths, learning rate and averaged SGD's state included.
/// </summary>
public sealed class TrainLanguageModelResumeTests(TrainData data) : IClassFixture<TrainData>, IDisposable
{
    private const int Epochs = 30;

    private readonly string root = Directory.CreateTempSubdirectory("nassharp-lm-resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    public static TheoryData<string[]> Models => new()
    {
        new[] { "--model", "lstm", "--layers", "2", "--dropout", "0.3" },
        new[] { "--genotype", "tib:mul_sigmoid|add_tanh|highway", "--dropout", "0.3", "--asgd", "--nonmono", "1", "--random-bptt" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void TrainLm_KilledAfterAnEpochThenResumed_EqualsAnUninterruptedRun(string[] model)
    {
        CliRunner.Ok(Train("uninterrupted", model));
        var killed = Path.Combine(root, "killed");
        KillAndResume.KillWhen(Train("killed", model), () => File.Exists(Path.Combine(killed, "checkpoint", "training.safetensors")));

        var output = CliRunner.Ok(Train("killed", model, resume: true));

        var reference = Path.Combine(root, "uninterrupted");
        Assert.Contains(FormattableString.Invariant($"epoch  {Epochs}/{Epochs}"), output, StringComparison.Ordinal);
        Assert.Equal(KillAndResume.Summary(reference), KillAndResume.Summary(killed));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "weights.safetensors")), File.ReadAllBytes(Path.Combine(killed, "weights.safetensors")));
        Assert.Equal(LossColumns(reference), LossColumns(killed));
    }

    [Fact]
    public void TrainLm_ResumeWithAnotherLearningRate_NamesTheOption()
    {
        var model = new[] { "--model", "gru", "--layers", "1" };
        CliRunner.Ok(Train("short", model, epochs: 1));
        var other = Train("short", model, resume: true, epochs: 1);
        other[Array.IndexOf(other, "--weight-lr") + 1] = "4";

        var (exit, _, error) = CliRunner.Run(other);

        Assert.Equal(2, exit);
        Assert.Equal("nas train: --weight-lr 4 differs from the run's 5: resume with the options the run was started with", error.Trim());
    }

    private string[] Train(string name, string[] model, bool resume = false, int epochs = Epochs) =>
        ["train", "--task", "lm", "--data", data.Root, .. model, "--hidden", "8", "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--batch-size", "4", "--bptt", "6", "--weight-lr", "5", "--out", root, resume ? "--resume" : "--name", name];

    // metrics.csv without its timing columns.
    private static string[] LossColumns(string run)
    {
        var lines = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        var header = lines[0].Split(',');
        var keep = Enumerable.Range(0, header.Length).Where(i => !header[i].Contains("second", StringComparison.Ordinal)).ToArray();
        return [.. lines.Select(l => string.Join(',', keep.Select(i => l.Split(',')[i])))];
    }
}
