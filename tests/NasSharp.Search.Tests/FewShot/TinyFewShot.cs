using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.FewShot;

/// <summary>
/// A few-shot setting small enough for unit tests: 8x8 synthetic images (160 training, 40 validation, 40 test),
/// skeleton C = 4, N = 1 (or, with <c>chain</c>, the chain space's default skeleton), batches of 32, in a fresh
/// directory deleted on dispose.
/// </summary>
public sealed class TinyFewShot : IDisposable
{
    private static readonly Lazy<TrainTestSets> Sets = new(() => new TrainTestSets(
        SyntheticImages.Generate(1, 200, new SyntheticImageOptions { Size = 8 }, "tiny/train"),
        SyntheticImages.Generate(2, 40, new SyntheticImageOptions { Size = 8 }, "tiny/test")));

    public TinyFewShot(int epochs = 2, SupernetSampling sampling = SupernetSampling.Uniform, bool chain = false)
    {
        Root = Path.Combine(Path.GetTempPath(), "nassharp-fewshot-" + Guid.NewGuid().ToString("N"));
        Manifest = new SupernetManifest
        {
            Space = chain ? "chain" : "nb201",
            Chain = chain ? ChainSupernetSpace.DefaultSkeleton(10, 3) : null,
            Dataset = "synthetic",
            Data = new FewShotDataOptions { TrainImages = 160, ValidationImages = 40, BatchSize = 32, EvaluationBatchSize = 20, Seed = 3 },
            Channels = chain ? 0 : 4,
            CellsPerStage = chain ? 0 : 1,
            Classes = 10,
            InputChannels = 3,
            Training = new SupernetTrainingOptions { Epochs = epochs, Seed = 5, Sampling = sampling },
        };
        Data = FewShotData.From("synthetic", Sets.Value, Manifest.Data);
    }

    public string Root { get; }

    public string SupernetPath => Path.Combine(Root, "supernet");

    public SupernetManifest Manifest { get; }

    public FewShotData Data { get; }

    /// <summary>Creates the supernet directory (no training).</summary>
    public SupernetDirectory Create() => SupernetDirectory.Create(SupernetPath, Manifest);

    /// <summary>A directory whose one-shot supernet is trained and whose edge-<paramref name="edge"/> sub-supernets are each trained one epoch.</summary>
    public SupernetDirectory TrainedWithSplits(int edge = 0)
    {
        var directory = Create();
        FewShotTraining.TrainOneShot(directory, Data, resume: false);
        for (var k = 0; k < 5; k++)
        {
            FewShotTraining.TrainSplit(SupernetDirectory.Open(SupernetPath), Data, directory.Root, edge, k, epochs: 1, resume: false);
        }

        return directory;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
