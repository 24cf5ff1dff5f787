using System.Globalization;
using NasSharp.NN;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The end of every differentiable search run: the found architecture's stand-alone network trained from scratch with
/// the ground-truth recipe (<see cref="ClassifierTraining"/>: SGD Nesterov 0.9, weight decay 5e-4, cosine to 0, --final-lr,
/// --batch-size, --final-epochs on the run's training images), and summary.json (also printed as JSON with --json).
/// </summary>
internal static class FinalTraining
{

    /// <summary>Trains <paramref name="network"/> from scratch (checkpointed in, and resumed from, <paramref name="checkpointDirectory"/>); (null, 0) when --final-epochs is 0.</summary>
    public static (double? Accuracy, double Seconds) Retrain(DifferentiableRunOptions options, DifferentiableData data, Module network, TextWriter output, string? checkpointDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FinalEpochs == 0)
        {
            return (null, 0);
        }

        var recipe = RetrainingRecipe.For(data.Kind, options.FinalEpochs, options.BatchSize, options.FinalLearningRate, data.Normalization, options.Seed) with { DivergenceHint = "try a lower --final-lr" };
        var printer = new TrainingProgressPrinter(output, "  retrain");
        var result = new ClassifierTraining(network, recipe).Run(data.Train, data.Test, printer.Epochs(r =>
            Invariant($"  retrain epoch {r.Epoch,3}/{r.Epochs}  loss {r.TrainLoss:F4}  train {100 * r.TrainAccuracy:F2}%  test {100 * (r.TestAccuracy ?? 0):F2}%  {r.Seconds:F0} s")), checkpointDirectory, printer.Steps, CliTermination.Token);
        output.WriteLine(Invariant($"retrained from scratch ({options.FinalEpochs} epochs): test {100 * result.Test!.Accuracy:F2}%"));
        return (result.Test.Accuracy, result.Seconds);
    }

    /// <summary>Writes summary.json, prints the compute line and, with --json, the summary.</summary>
    public static void Report(RunDirectory run, DifferentiableSummary summary, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(summary);
        run.WriteJson("summary.json", summary);
        var child = summary.ChildEpochs > 0 ? Invariant($" + child {summary.ChildSeconds:F0} s ({summary.ChildTeraflops:F2} TFLOP)") : string.Empty;
        output.WriteLine(Invariant($"search {summary.SearchSeconds:F0} s ({summary.SearchTeraflops:F2} TFLOP){child}; retrain {summary.RetrainSeconds:F0} s ({summary.RetrainTeraflops:F2} TFLOP); run directory {run.Path}"));
        if (json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
