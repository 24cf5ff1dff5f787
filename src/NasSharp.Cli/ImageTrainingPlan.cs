using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Search.Models;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>
/// The recipe <c>nas train --task image</c> runs, with the options' values or the recipe's defaults: the stand-alone
/// <see cref="ClassifierTraining"/> (NB201's recipe, 10 epochs, batch 256, lr 0.1 x batch / 256) with progress lines
/// inside epochs, or DARTS's <see cref="DartsEvaluationTraining"/> (10 epochs here, batch 96, lr 0.025; one line per
/// epoch, as that trainer reports only epochs).
/// </summary>
internal sealed record ImageTrainingPlan(TrainRecipe Recipe, ClassifierTrainingOptions? Standard, DartsEvaluationOptions? Darts, ImageAugmentation Augmentation, ChannelNormalization Normalization)
{
    public int Epochs => Standard?.Epochs ?? Darts!.Epochs;

    public int BatchSize => Standard?.BatchSize ?? Darts!.BatchSize;

    public double LearningRate => Standard?.InitialLearningRate ?? Darts!.LearningRate;

    public string RecipeName => Recipe == TrainRecipe.Darts ? "darts" : "standard";

    public static ImageTrainingPlan Create(TrainOptions options, ImageDatasetKind kind, ChannelNormalization normalization)
    {
        var augmentation = ClassifierTraining.DefaultAugmentation(kind);
        if (options.Recipe == TrainRecipe.Darts)
        {
            var darts = new DartsEvaluationOptions { Epochs = options.Epochs ?? 10, BatchSize = options.Batch ?? 96, LearningRate = (float)(options.LearningRate ?? 0.025), Seed = options.Seed };
            darts.Validate();
            return new ImageTrainingPlan(TrainRecipe.Darts, null, darts, augmentation, normalization);
        }

        var standard = RetrainingRecipe.For(kind, options.Epochs ?? 10, options.Batch ?? 256, options.LearningRate, normalization, options.Seed);
        standard.Validate();
        return new ImageTrainingPlan(TrainRecipe.Standard, standard, null, augmentation, normalization);
    }

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="train"/>, scoring <paramref name="test"/> after every epoch.
    /// Both recipes checkpoint into <paramref name="checkpointDirectory"/> after every epoch and resume from it bitwise.
    /// </summary>
    public ClassifierTrainingResult Train(Module network, ImageDataset train, ImageDataset test, IProgress<EpochReport> progress, TextWriter output, string? checkpointDirectory = null)
    {
        if (Darts is { } darts)
        {
            var trainLoader = new DataLoader(train, new DataLoaderOptions { BatchSize = darts.BatchSize, Shuffle = true, DropLast = train.Count >= darts.BatchSize, Seed = darts.Seed, Augmentation = Augmentation, Normalization = Normalization });
            var testLoader = new DataLoader(test, new DataLoaderOptions { BatchSize = darts.BatchSize, Normalization = Normalization });
            return DartsEvaluationTraining.Run(ImageTrainingRun.AsDarts(network), darts, trainLoader, testLoader, progress, checkpointDirectory, CliTermination.Token);
        }

        var standard = Standard!;
        var imagesPerEpoch = train.Count >= standard.BatchSize ? train.Count / standard.BatchSize * standard.BatchSize : train.Count;
        var probe = new TrainingProgressProbe(network, standard.Epochs, imagesPerEpoch, output, TrainingProgressProbe.DefaultInterval);
        return new ClassifierTraining(probe, standard).Run(train, test, progress, checkpointDirectory, cancellation: CliTermination.Token);
    }

    /// <summary>options.json of the run: what was asked and what the recipe resolved to.</summary>
    public object OptionsRecord(TrainOptions options, ModelCard card) => new
    {
        task = "image", space = GenotypeText.Name(card.Space), genotype = card.Genotype, dataset = card.Dataset, network = card.Network, recipe = RecipeName,
        Epochs, BatchSize, LearningRate, augmentation = Augmentation, normalization = Normalization,
        options.Seed, train_images = options.TrainLimit, data = options.Data is { } d ? Path.GetFullPath(d) : null, threads = NasSharp.Kernels.KernelParallel.ThreadCount,
    };
}
