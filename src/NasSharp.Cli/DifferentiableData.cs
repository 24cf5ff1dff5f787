using NasSharp.Data;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>
/// The images of a differentiable search run: a stratified, seeded draw of training images (split in DARTS halves:
/// weights / architecture), the test images, the training set's normalisation, and loaders over them.
/// </summary>
internal sealed class DifferentiableData
{
    private DifferentiableData(ImageDatasetKind kind, ImageDataset train, ImageDataset test, int batchSize, int seed)
    {
        Kind = kind;
        Train = train;
        Test = test;
        Halves = train.DartsHalves();
        Normalization = kind == ImageDatasetKind.Cifar10 ? ChannelNormalization.Cifar10 : train.ComputeNormalization();
        BatchSize = batchSize;
        Seed = seed;
    }

    public ImageDatasetKind Kind { get; }

    /// <summary>All training images of the run (both halves).</summary>
    public ImageDataset Train { get; }

    public ImageDataset Test { get; }

    /// <summary>First half: weights; second half: architecture (Liu et al. 2019).</summary>
    public DatasetSplit Halves { get; }

    public ChannelNormalization Normalization { get; }

    public int BatchSize { get; }

    public int Seed { get; }

    /// <summary>Side of the (square) images.</summary>
    public int ImageSize => Train.Height;

    public static DifferentiableData Load(DifferentiableRunOptions options)
    {
        var kind = DatasetCatalog.Parse(options.Dataset);
        var sets = DatasetCatalog.Load(kind, kind == ImageDatasetKind.Synthetic ? null : options.DataDirectory ?? throw new ArgumentException($"dataset {DatasetCatalog.NameOf(kind)} is read from files: pass --data DIR or set {SearchCommand.DataEnvironmentVariable}"));
        var train = sets.Train;
        if (options.TrainImages > 0 && options.TrainImages < train.Count)
        {
            train = train.Split(options.TrainImages / (double)train.Count, options.Seed, stratified: true).Train;
        }

        var test = options.TestImages > 0 && options.TestImages < sets.Test.Count ? sets.Test.Subset(Enumerable.Range(0, options.TestImages).ToArray(), $"{sets.Test.Name}[:{options.TestImages}]") : sets.Test;
        if (train.Height != train.Width || train.Height % 4 != 0)
        {
            throw new ArgumentException($"{train.Name}: images of {train.Height}x{train.Width}; the NB201 skeleton needs square images whose side is divisible by 4");
        }

        return new DifferentiableData(kind, train, test, options.BatchSize, options.Seed);
    }

    /// <summary>A shuffled training loader (full batches only, so batch statistics never see a lone image).</summary>
    public DataLoader TrainingLoader(ImageDataset dataset, int seedOffset) => new(dataset, new DataLoaderOptions
    {
        BatchSize = BatchSize,
        Shuffle = true,
        DropLast = dataset.Count >= BatchSize,
        Seed = Seed + seedOffset,
        Augmentation = ClassifierTraining.DefaultAugmentation(Kind),
        Normalization = Normalization,
    });

    /// <summary>An evaluation loader (index order, every image, no augmentation).</summary>
    public DataLoader EvaluationLoader(ImageDataset dataset) => new(dataset, new DataLoaderOptions
    {
        BatchSize = Math.Max(BatchSize, 256),
        Shuffle = false,
        Normalization = Normalization,
    });
}
