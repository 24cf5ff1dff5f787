using NasSharp.Data;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

/// <summary>Tiny search setups: a C = 4, one-cell-per-stage NB201 supernet or a two-layer chain supernet, and 8x8 synthetic images in 3 classes.</summary>
internal static class SearchFixture
{
    public static Nb201SupernetOptions Tiny { get; } = new(Channels: 4, CellsPerStage: 1, Classes: 3);

    public static ChainSpaceOptions Chain { get; } = new() { StemChannels = 8, StageChannels = [16, 32], StageLayers = [1, 1], LastChannels = 32, Classes = 3 };

    public static Nb201Supernet NewNb201() => new(Tiny, new FixedChoicePolicy(NasSharp.Search.Supernets.Nb201Supernet.PathOf(default)), new Random(0));

    public static ChainSupernet NewChain() => new(Chain, new FixedChoicePolicy([new int[2]]), new Random(0));

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

    /// <summary>NB201 logits that leave only <paramref name="open"/> in play on every edge (the others at -30).</summary>
    public static ChoiceTables OnlyOps(params NasSharp.Search.Spaces.Nb201Operation[] open) =>
        Nb201Logits((e, k) => open.Contains((NasSharp.Search.Spaces.Nb201Operation)k) ? 0f : -30f);

    /// <summary>An NB201 table [6, 5] with entry (edge, op) = <paramref name="value"/>(edge, op).</summary>
    public static ChoiceTables Nb201Logits(Func<int, int, float> value)
    {
        var tables = new ChoiceTables([(6, 5)], new Random(0));
        for (var e = 0; e < 6; e++)
        {
            for (var k = 0; k < 5; k++)
            {
                tables.Tables[0].Data[(e * 5) + k] = value(e, k);
            }
        }

        return tables;
    }
}
