using Microsoft.ML.OnnxRuntime;
using NasSharp.Search.Models;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli.Tests;

/// <summary>
/// The main job (<c>nas search</c>, no evaluator) killed with SIGKILL during supernet training, during the splits and
/// during the final training, then continued with <c>--resume</c>: the summary and the saved winner equal an
/// uninterrupted run's. The uninterrupted run is also predicted with and exported to ONNX.
/// </summary>
public sealed class MainJobResumeTests(MainJobResumeTests.Reference reference) : IClassFixture<MainJobResumeTests.Reference>
{
    public static string[] Args(string runs, string name, bool resume = false) =>
        ["search", "--epochs", "2", "--split-epochs", "1", "--final-epochs", "2", "--test-images", "40", "--budget", "6", .. TinySupernet.Sizes, "--out", runs, resume ? "--resume" : "--name", name, "--json"];

    [Theory]
    [InlineData("supernet")]
    [InlineData("splits")]
    [InlineData("final")]
    public void Search_KilledThenResumed_SummaryAndWinnerEqualAnUninterruptedRun(string point)
    {
        var dir = Path.Combine(reference.Root, point);
        Func<bool> ready = point switch
        {
            "supernet" => () => File.Exists(Path.Combine(dir, "supernet", "oneshot", "checkpoint.safetensors")),
            "splits" => () => KillAndResume.AnyFile(Path.Combine(dir, "supernet", "splits"), "checkpoint.safetensors"),
            _ => () => File.Exists(Path.Combine(dir, "final", "training.safetensors")),
        };
        KillAndResume.KillWhen(Args(reference.Root, point), ready);
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));

        var output = CliRunner.Ok(Args(reference.Root, point, resume: true));

        Assert.Contains("(resuming)", output, StringComparison.Ordinal);
        Assert.Equal(KillAndResume.Summary(reference.Run), KillAndResume.Summary(dir));
        Assert.Equal(KillAndResume.Weights(reference.Run), KillAndResume.Weights(dir));
        Assert.Equal(File.ReadAllText(Path.Combine(reference.Run, "trials.csv")), File.ReadAllText(Path.Combine(dir, "trials.csv")));
        using var store = new SqliteExperimentStore(Path.Combine(reference.Root, "nas.db"));
        var study = store.FindStudy(point)!;
        Assert.Equal(StudyStatus.Complete, study.Status);
        Assert.Equal(6, SearchTrialLog.Read(store, study.Id).Count);
    }

    [Fact]
    public void Search_ResumeWithOtherOptions_OneLinePerDifferenceAndExit2()
    {
        var args = Args(reference.Root, "uninterrupted", resume: true);
        args[Array.IndexOf(args, "--budget") + 1] = "7";
        args[Array.IndexOf(args, "--split-epochs") + 1] = "3";
        var (exit, _, error) = CliRunner.Run(args);

        Assert.Equal(2, exit);
        var lines = error.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("nas search: --budget 7 differs from the saved 6 of the run ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("nas search: --split-epochs 3 differs from the saved 1 of the run ", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(reference.Run, "summary.json")));
    }

    [Fact]
    public void Search_WinnerOfTheMainJob_PredictsAndExportsToOnnxThatOnnxRuntimeRuns()
    {
        var predicted = CliRunner.Ok("predict", "--model", reference.Run, "--dataset", "synthetic");
        var folder = Path.Combine(reference.Run, "onnx");
        var exported = CliRunner.Ok("export", "--model", reference.Run, "--onnx", "--out", folder);
        var file = Path.Combine(folder, "model.onnx");

        Assert.Contains("accuracy", predicted, StringComparison.Ordinal);
        Assert.Contains("checked in ONNX Runtime", exported, StringComparison.Ordinal);
        using var session = new InferenceSession(file);
        Assert.Equal(SavedModel.ReadCard(reference.Run).Genotype, session.ModelMetadata.CustomMetadataMap["genotype"]);
    }

    /// <summary>One uninterrupted main job, the yardstick of every resumed one.</summary>
    public sealed class Reference : IDisposable
    {
        public Reference() => CliRunner.Ok(Args(Root, "uninterrupted"));

        public string Root { get; } = Directory.CreateTempSubdirectory("nassharp-mainjob-resume-").FullName;

        public string Run => Path.Combine(Root, "uninterrupted");

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
