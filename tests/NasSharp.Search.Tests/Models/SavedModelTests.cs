using System.Text.Json;
using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Models;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Models;

public sealed class SavedModelTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-model-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<ModelSpace, string, ModelNetworkOptions> Cards => new()
    {
        { ModelSpace.Nb201, "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|", new ModelNetworkOptions { Channels = 4, Cells = 1 } },
        { ModelSpace.Darts, DartsGenotype.DartsV1.ToString(), new ModelNetworkOptions { Channels = 4, Layers = 3, Auxiliary = true } },
        { ModelSpace.Chain, "[3x3, xception, 7x7, 5x5]", new ModelNetworkOptions { StemChannels = 4, StageChannels = [8, 16], StageLayers = [2, 2], LastChannels = 16 } },
    };

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ModelCard Card(ModelSpace space, string genotype, ModelNetworkOptions network) => new()
    {
        Space = space,
        Genotype = genotype,
        Network = network,
        InputShape = [3, 8, 8],
        Classes = 5,
        Dataset = "synthetic",
        Normalization = new ModelNormalization([0.5f, 0.4f, 0.3f], [0.2f, 0.25f, 0.3f]),
        Metrics = new Dictionary<string, double> { ["test_accuracy"] = 91.5 },
    };

    private static float[] Logits(Module network)
    {
        network.Eval();
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        return network.Forward(Tensor.RandomNormal(new Random(3), 0f, 1f, 2, 3, 8, 8)).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public void SaveLoad_EverySpace_RebuildsTheSameFunction(ModelSpace space, string genotype, ModelNetworkOptions options)
    {
        var card = Card(space, genotype, options);
        var network = ModelNetworks.Build(card, new Random(1));
        foreach (var bn in network.Modules().OfType<BatchNorm2d>())
        {
            bn.RunningMean!.Data.Fill(0.1f);
            bn.RunningVar!.Data.Fill(1.7f);
        }

        var written = SavedModel.Save(Path.Combine(root, "run", SavedModel.RunSubdirectory), card, network);
        var loaded = SavedModel.Load(Path.Combine(root, "run"));

        Assert.Equal(network.ParameterCount(), written.Params);
        Assert.True(written.Flops > 0);
        Assert.Equal(space, loaded.Card.Space);
        Assert.Equal(card.Normalization!.Std, loaded.Card.Normalization!.Std);
        Assert.Equal(Logits(network), Logits(loaded.Network));
    }

    [Fact]
    public void Save_Card_IsSnakeCaseWithEnumNames()
    {
        var card = Card(ModelSpace.Chain, "[3x3, xception, 7x7, 5x5]", new ModelNetworkOptions { StemChannels = 4, StageChannels = [8, 16], StageLayers = [2, 2], LastChannels = 16 });
        SavedModel.Save(root, card, ModelNetworks.Build(card, new Random(2)));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, SavedModel.CardFileName)));
        var r = json.RootElement;
        Assert.Equal("chain", r.GetProperty("space").GetString());
        Assert.Equal(16, r.GetProperty("network").GetProperty("last_channels").GetInt32());
        Assert.Equal(3, r.GetProperty("input_shape").GetArrayLength());
        Assert.Equal(91.5, r.GetProperty("metrics").GetProperty("test_accuracy").GetDouble());
        Assert.EndsWith($"({NasSharp.Kernels.SimdWidth.Bits}-bit vectors)", r.GetProperty("code_version").GetString(), StringComparison.Ordinal);
        Assert.False(r.GetProperty("network").TryGetProperty("cells", out _));
    }

    [Fact]
    public void Save_NetworkOfAnotherCard_ThrowsBeforeWriting()
    {
        var card = Card(ModelSpace.Nb201, "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|", new ModelNetworkOptions { Channels = 4, Cells = 1 });
        var other = ModelNetworks.Build(card with { Network = new ModelNetworkOptions { Channels = 8, Cells = 1 } }, new Random(3));
        Assert.Throws<ArgumentException>(() => SavedModel.Save(root, card, other));
        Assert.False(File.Exists(Path.Combine(root, SavedModel.CardFileName)));
    }

    [Fact]
    public void Load_DirectoryWithoutModel_ThrowsNamingIt()
    {
        Directory.CreateDirectory(root);
        var error = Assert.Throws<FileNotFoundException>(() => SavedModel.Load(root));
        Assert.Contains(root, error.Message);
    }
}
