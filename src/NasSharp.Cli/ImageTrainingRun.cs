using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Search.Models;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas train --task image</c>: the stand-alone network of a genotype of any space (NB201, DARTS, chain), trained
/// with <see cref="ClassifierTraining"/> or, for DARTS genotypes with <c>--recipe darts</c>,
/// <see cref="DartsEvaluationTraining"/>; writes options.json, metrics.csv, summary.json and the saved model in
/// <c>model/</c> (model.json + weights.safetensors, <see cref="SavedModel"/>). Both recipes checkpoint every
/// epoch into <c>checkpoint/</c>, so <c>--resume NAME</c> continues a killed run bitwise.
/// </summary>
internal static class ImageTrainingRun
{

    private static readonly string[] MetricColumns = ["epoch", "lr", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "images_per_second", "seconds"];

    public static int Run(TrainOptions options, TextWriter output)
    {
        var text = options.Genotype ?? throw new ArgumentException("--genotype is required for --task image (NB201 '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|', DARTS 'Genotype(normal=[...], ...)' or chain '[3x3, 5x5, 7x7, xception, ...]')");
        var space = GenotypeText.Resolve(text, options.Space);
        if (options.Recipe == TrainRecipe.Darts && space != ModelSpace.Darts)
        {
            throw new ArgumentException($"--recipe darts trains DARTS-space genotypes only; this genotype is in the {GenotypeText.Name(space)} space");
        }

        var kind = DatasetCatalog.Parse(options.Dataset);
        var (sets, train) = Load(options, kind, space);
        var normalization = kind == ImageDatasetKind.Cifar10 ? ChannelNormalization.Cifar10 : train.ComputeNormalization();
        var card = ImageModelCard.Create(options, space, text, DatasetCatalog.NameOf(kind), train, normalization);
        var network = ModelNetworks.Build(card, new Random(options.Seed));
        var plan = ImageTrainingPlan.Create(options, kind, normalization);
        var run = RunResume.CreateOrResume(options, plan.OptionsRecord(options, card), OptionNames);
        CliTermination.ResumeWith($"nas train --resume {run.Path}");

        output.WriteLine(FormattableString.Invariant(
            $"nas train: {card.Genotype} ({GenotypeText.Name(space)}) on {train.Name} ({train.Count} images [{train.Channels}, {train.Height}, {train.Width}], test {sets.Test.Count}), {network.ParameterCount():N0} parameters, {plan.Epochs} epochs, batch {plan.BatchSize}, lr {plan.LearningRate:G4}, {plan.RecipeName} recipe"));

        ClassifierTrainingResult result;
        using (var metrics = run.CreateCsv("metrics.csv", MetricColumns))
        {
            var progress = new ProgressCallback<EpochReport>(report =>
            {
                // Accuracies in percent, as in summary.json and model.json.
                metrics.WriteRow(report.Epoch, Math.Round(report.LearningRate, 8), report.TrainLoss, 100 * report.TrainAccuracy, report.TestLoss, 100 * report.TestAccuracy, report.ImagesPerSecond, report.Seconds);
                output.WriteLine(Line(report));
            });
            result = plan.Train(network, train, sets.Test, progress, output, Path.Combine(run.Path, CheckpointFolder));
        }

        var saved = SavedModel.Save(Path.Combine(run.Path, SavedModel.RunSubdirectory), card with { Metrics = Metrics(result) }, network);
        var summary = Summarize(saved, plan, train.Count, sets.Test.Count, result, run.Path);
        run.WriteJson("summary.json", summary);
        Finish(output, options, summary, kind);
        return 0;
    }

    /// <summary>The folder of the run directory holding the epoch checkpoint.</summary>
    public const string CheckpointFolder = "checkpoint";

    private static readonly Dictionary<string, string> OptionNames = new()
    {
        ["network.channels"] = "--channels", ["network.cells"] = "--cells", ["network.layers"] = "--cells", ["network.auxiliary"] = "--recipe",
        ["learningRate"] = "--weight-lr", ["augmentation"] = "--dataset", ["normalization"] = "--dataset",
    };

    /// <summary>The closing lines: the result, where the model is, the next commands, and the JSON summary with --json.</summary>
    private static void Finish(TextWriter output, TrainOptions options, ImageTrainingSummary summary, ImageDatasetKind kind)
    {
        output.WriteLine(FormattableString.Invariant(
            $"test accuracy {summary.TestAccuracy:F2}% (loss {summary.TestLoss:F4}) after {summary.Epochs} epochs, {TrainText.Duration(summary.Seconds)}; model saved in {summary.ModelDirectory}"));
        var data = options.Data is { } d && kind != ImageDatasetKind.Synthetic ? " --data " + d : string.Empty;
        output.WriteLine($"next: nas predict --model {summary.RunDirectory} --dataset {DatasetCatalog.NameOf(kind)}{data}   or   nas export --model {summary.RunDirectory} --onnx");
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }
    }

    /// <summary>The dataset, and its training set cut to --train-limit; NB201 sides must survive the skeleton's two halvings.</summary>
    private static (TrainTestSets Sets, ImageDataset Train) Load(TrainOptions options, ImageDatasetKind kind, ModelSpace space)
    {
        var sets = DatasetCatalog.Load(kind, kind == ImageDatasetKind.Synthetic ? null : TrainText.RequireData(options, $"dataset {DatasetCatalog.NameOf(kind)}"));
        var train = options.TrainLimit is { } n && n < sets.Train.Count ? sets.Train.Subset(Enumerable.Range(0, n).ToArray(), $"{sets.Train.Name}[:{n}]") : sets.Train;
        if (space == ModelSpace.Nb201 && (train.Height % 4 != 0 || train.Width % 4 != 0))
        {
            throw new ArgumentException($"{train.Name}: images of {train.Height}x{train.Width}; the NB201 skeleton halves the resolution twice, so both sides must be divisible by 4");
        }

        return (sets, train);
    }

    /// <summary>The card's metrics: accuracies in percent.</summary>
    private static Dictionary<string, double> Metrics(ClassifierTrainingResult result) => new()
    {
        ["train_accuracy"] = Math.Round(100 * result.Epochs[^1].TrainAccuracy, 4),
        ["test_accuracy"] = Math.Round(100 * result.Test!.Accuracy, 4),
        ["test_loss"] = Math.Round(result.Test.Loss, 6),
        ["epochs"] = result.Epochs.Count,
        ["wall_seconds"] = Math.Round(result.Seconds, 2),
    };

    private static string Line(EpochReport r) => FormattableString.Invariant(
        $"epoch {r.Epoch,3}/{r.Epochs}  lr {r.LearningRate:F4}  loss {r.TrainLoss:F4}  train {TrainText.Percent(r.TrainAccuracy)}  test {(r.TestAccuracy is { } t ? TrainText.Percent(t) : "-")}  {r.ImagesPerSecond:F0} img/s  {TrainText.Duration(r.Seconds)}  left {TrainText.Duration(r.SecondsLeft)}");

    private static ImageTrainingSummary Summarize(ModelCard card, ImageTrainingPlan plan, int trainCount, int testCount, ClassifierTrainingResult result, string runPath) => new(
        "image", GenotypeText.Name(card.Space), card.Genotype, card.Dataset ?? string.Empty, card.Network.Channels, card.Network.Cells ?? card.Network.Layers, card.Params, plan.Epochs, plan.BatchSize, plan.LearningRate,
        trainCount, testCount, card.Metrics["train_accuracy"], card.Metrics["test_accuracy"], card.Metrics["test_loss"],
        Math.Round(result.Epochs.Average(e => e.ImagesPerSecond), 1), Math.Round(result.Seconds, 2), runPath, Path.Combine(runPath, SavedModel.RunSubdirectory));

    internal static DartsNetwork AsDarts(Module network) =>
        network as DartsNetwork ?? throw new InvalidOperationException("the DARTS recipe needs a DARTS network");
}
