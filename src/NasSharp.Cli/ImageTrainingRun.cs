using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NasSharp.Data;
using NasSharp.NN.Serialization;
using NasSharp.Search.Networks;
using NasSharp.Search.Spaces;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas train --task image</c>: a stand-alone NAS-Bench-201 network trained with
/// <see cref="ClassifierTraining"/>; writes options.json, metrics.csv, weights.safetensors and summary.json.
/// </summary>
internal static class ImageTrainingRun
{
    internal static readonly JsonSerializerOptions LineJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] MetricColumns = ["epoch", "lr", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "images_per_second", "seconds"];

    public static int Run(TrainOptions options, TextWriter output)
    {
        var genotype = Nb201Genotype.Parse(options.Arch ?? throw new ArgumentException("--arch is required for --task image (a NAS-Bench-201 string such as '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|')"));
        var kind = DatasetCatalog.Parse(options.Dataset);
        var (sets, train) = Load(options, kind);
        var network = new Nb201Network(genotype, Nb201Network.StandaloneOptions(options.Channels, options.Cells, train.ClassCount, train.Channels), new Random(options.Seed));
        var recipe = new ClassifierTrainingOptions
        {
            Epochs = options.Epochs ?? 10,
            BatchSize = options.Batch ?? 256,
            LearningRate = options.LearningRate,
            Augmentation = ClassifierTraining.DefaultAugmentation(kind),
            Normalization = kind == ImageDatasetKind.Cifar10 ? ChannelNormalization.Cifar10 : train.ComputeNormalization(),
            Seed = options.Seed,
        };
        var run = RunDirectory.Create(options.Out, options.Name);
        WriteOptions(run, options, genotype, kind, recipe);
        output.WriteLine(FormattableString.Invariant(
            $"nas train: {genotype} on {train.Name} ({train.Count} images [{train.Channels}, {train.Height}, {train.Width}], test {sets.Test.Count}), C={options.Channels} N={options.Cells}, {network.ParameterCount():N0} parameters, {recipe.Epochs} epochs, batch {recipe.BatchSize}, lr {recipe.InitialLearningRate:G4}"));

        ClassifierTrainingResult result;
        using (var metrics = run.CreateCsv("metrics.csv", MetricColumns))
        {
            result = new ClassifierTraining(network, recipe).Run(train, sets.Test, new ProgressCallback<EpochReport>(report =>
            {
                metrics.WriteRow(report.Epoch, Math.Round(report.LearningRate, 8), report.TrainLoss, report.TrainAccuracy, report.TestLoss, report.TestAccuracy, report.ImagesPerSecond, report.Seconds);
                output.WriteLine(Line(report));
            }), CliTermination.Token);
        }

        SaveWeights(run, network, genotype, kind, options);
        var summary = Summarize(options, genotype, kind, network.ParameterCount(), recipe, train.Count, sets.Test.Count, result, run.Path);
        run.WriteJson("summary.json", summary);
        output.WriteLine(FormattableString.Invariant(
            $"test accuracy {summary.TestAccuracy:F2}% (loss {summary.TestLoss:F4}) after {summary.Epochs} epochs, {TrainText.Duration(summary.Seconds)}; run directory {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(summary, LineJson));
        }

        return 0;
    }

    private static void WriteOptions(RunDirectory run, TrainOptions options, Nb201Genotype genotype, ImageDatasetKind kind, ClassifierTrainingOptions recipe) =>
        run.WriteJson("options.json", new
        {
            task = "image", arch = genotype.ToString(), dataset = DatasetCatalog.NameOf(kind), options.Channels, options.Cells, recipe.Epochs, batch = recipe.BatchSize,
            learningRate = recipe.InitialLearningRate, recipe.Momentum, recipe.Nesterov, recipe.WeightDecay, augmentation = recipe.Augmentation, normalization = recipe.Normalization,
            options.Seed, options.TrainLimit, threads = NasSharp.Kernels.KernelParallel.ThreadCount,
        });

    private static void SaveWeights(RunDirectory run, Nb201Network network, Nb201Genotype genotype, ImageDatasetKind kind, TrainOptions options) =>
        Safetensors.Save(run.FilePath("weights.safetensors"), network.StateDict(), new Dictionary<string, string>
        {
            ["arch"] = genotype.ToString(),
            ["dataset"] = DatasetCatalog.NameOf(kind),
            ["channels"] = options.Channels.ToString(CultureInfo.InvariantCulture),
            ["cells_per_stage"] = options.Cells.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>The dataset, and its training set cut to --train-limit; sides must survive the skeleton's two halvings.</summary>
    private static (TrainTestSets Sets, ImageDataset Train) Load(TrainOptions options, ImageDatasetKind kind)
    {
        var sets = DatasetCatalog.Load(kind, kind == ImageDatasetKind.Synthetic ? null : TrainText.RequireData(options, $"dataset {DatasetCatalog.NameOf(kind)}"));
        var train = options.TrainLimit is { } n && n < sets.Train.Count ? sets.Train.Subset(Enumerable.Range(0, n).ToArray(), $"{sets.Train.Name}[:{n}]") : sets.Train;
        if (train.Height % 4 != 0 || train.Width % 4 != 0)
        {
            throw new ArgumentException($"{train.Name}: images of {train.Height}x{train.Width}; the NB201 skeleton halves the resolution twice, so both sides must be divisible by 4");
        }

        return (sets, train);
    }

    private static string Line(EpochReport r) => FormattableString.Invariant(
        $"epoch {r.Epoch,3}/{r.Epochs}  lr {r.LearningRate:F4}  loss {r.TrainLoss:F4}  train {TrainText.Percent(r.TrainAccuracy)}  test {(r.TestAccuracy is { } t ? TrainText.Percent(t) : "-")}  {r.ImagesPerSecond:F0} img/s  {TrainText.Duration(r.Seconds)}  left {TrainText.Duration(r.SecondsLeft)}");

    private static ImageTrainingSummary Summarize(TrainOptions o, Nb201Genotype genotype, ImageDatasetKind kind, long parameters, ClassifierTrainingOptions recipe, int trainCount, int testCount, ClassifierTrainingResult result, string runPath)
    {
        var last = result.Epochs[^1];
        return new ImageTrainingSummary(
            "image", genotype.ToString(), DatasetCatalog.NameOf(kind), o.Channels, o.Cells, parameters, recipe.Epochs, recipe.BatchSize, recipe.InitialLearningRate,
            trainCount, testCount, Math.Round(100 * last.TrainAccuracy, 4), Math.Round(100 * result.Test!.Accuracy, 4), Math.Round(result.Test.Loss, 6),
            Math.Round(result.Epochs.Average(e => e.ImagesPerSecond), 1), Math.Round(result.Seconds, 2), runPath);
    }
}
