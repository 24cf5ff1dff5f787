using NasSharp.Data;
using NasSharp.Search.Supernets;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

/// <summary>Tiny search setups: a C = 4, one-cell-per-stage supernet and 8x8 synthetic images in 3 classes.</summary>
internal static class SearchFixture
{
    public static Nb201SupernetOptions Tiny { get; } = new(Channels: 4, CellsPerStage: 1, Classes: 3);

    public static ImageDataset Images(int count, int seed = 1) =>
        SyntheticImages.Generate(seed, count, new SyntheticImageOptions { Size = 8, ClassCount = 3, MaxMotifs = 1, Distractors = 0, Noise = 0.1f });

    public static DataLoader Loader(ImageDataset data, int batch = 16, int seed = 0) =>
        new(data, new DataLoaderOptions { BatchSize = batch, Seed = seed, Prefetch = false });

    public static DifferentiableSearchOptions Options(DifferentiableMethod method, int epochs = 1) => new()
    {
        Method = method,
        Epochs = epochs,
        Seed = 3,
    };

    /// <summary>Logits that leave only <paramref name="open"/> in play on every edge (the others at -30).</summary>
    public static Tensor OnlyOps(params NasSharp.NN.Operations.Nb201.Nb201Operation[] open)
    {
        var alpha = Tensor.Persistent(new TensorShape(6, 5));
        for (var e = 0; e < 6; e++)
        {
            for (var k = 0; k < 5; k++)
            {
                alpha.Data[(e * 5) + k] = open.Contains((NasSharp.NN.Operations.Nb201.Nb201Operation)k) ? 0f : -30f;
            }
        }

        return alpha;
    }
}
