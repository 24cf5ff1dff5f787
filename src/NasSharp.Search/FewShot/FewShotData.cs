using NasSharp.Data;

namespace NasSharp.Search.FewShot;

/// <summary>The images of a few-shot run (see <see cref="FewShotDataOptions"/>) and loaders over them.</summary>
public sealed class FewShotData
{
    private FewShotData(string dataset, ImageDataset train, ImageDataset validation, ImageDataset test, FewShotDataOptions options)
    {
        Dataset = dataset;
        Train = train;
        Validation = validation;
        Test = test;
        Options = options;
        Normalization = train.ComputeNormalization();
    }

    /// <summary>The catalog name, e.g. <c>fashion-mnist</c>.</summary>
    public string Dataset { get; }

    public ImageDataset Train { get; }

    public ImageDataset Validation { get; }

    public ImageDataset Test { get; }

    public FewShotDataOptions Options { get; }

    public ChannelNormalization Normalization { get; }

    /// <summary>Loads <paramref name="dataset"/> (a <see cref="DatasetCatalog"/> name) from <paramref name="dataDirectory"/> and draws the parts.</summary>
    public static FewShotData Load(string dataset, string? dataDirectory, FewShotDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var kind = DatasetCatalog.Parse(dataset);
        var sets = DatasetCatalog.Load(kind, dataDirectory);
        return From(DatasetCatalog.NameOf(kind), sets, options);
    }

    /// <summary>Draws the parts from already loaded sets.</summary>
    public static FewShotData From(string dataset, TrainTestSets sets, FewShotDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var all = sets.Train;
        var wanted = options.TrainImages == 0 ? all.Count : options.TrainImages + options.ValidationImages;
        if (wanted > all.Count || options.ValidationImages >= all.Count)
        {
            throw new ArgumentException($"Few-shot data: {options.TrainImages} training + {options.ValidationImages} validation images asked of {all.Name}, which has {all.Count}.");
        }

        // Two stratified draws: first the images used at all, then validation out of them.
        var used = wanted == all.Count ? all : all.Split((double)wanted / all.Count, options.Seed, stratified: true).Train;
        var parts = used.Split(1.0 - ((double)options.ValidationImages / used.Count), options.Seed + 1, stratified: true);
        var test = options.TestImages == 0 || options.TestImages >= sets.Test.Count
            ? sets.Test
            : sets.Test.Subset(Enumerable.Range(0, options.TestImages).ToArray(), $"{sets.Test.Name}[:{options.TestImages}]");
        return new FewShotData(dataset, parts.Train, parts.Validation, test, options);
    }

    /// <summary>Shuffled training batches; the order of epoch e is keyed by (<see cref="FewShotDataOptions.Seed"/>, e).</summary>
    public DataLoader TrainLoader() => new(Train, new DataLoaderOptions
    {
        BatchSize = Options.BatchSize,
        Seed = Options.Seed,
        DropLast = Train.Count >= Options.BatchSize,
        Normalization = Normalization,
    });

    /// <summary>The held-out images in a fixed order, for scoring architectures.</summary>
    public DataLoader ValidationLoader() => Fixed(Validation);

    /// <summary>The test images in a fixed order.</summary>
    public DataLoader TestLoader() => Fixed(Test);

    private DataLoader Fixed(ImageDataset images) => new(images, new DataLoaderOptions
    {
        BatchSize = Options.EvaluationBatchSize,
        Shuffle = false,
        Normalization = Normalization,
    });
}
