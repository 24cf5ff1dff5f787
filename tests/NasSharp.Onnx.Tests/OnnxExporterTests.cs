using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Networks;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets;
using NasSharp.Tensors;

namespace NasSharp.Onnx.Tests;

public sealed class OnnxExporterTests
{
    private const float Tolerance = 1e-4f;

    /// <summary>Every NB201 operation, and node 2 fed by a pool and a none edge.</summary>
    private const string Nb201AllOps = "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";

    /// <summary>Every DARTS operation but none (genotypes exclude it) on normal and reduction edges (stride 2 from the cell inputs).</summary>
    private const string DartsAllOps = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 0), ('dil_conv_5x5', 2), ('skip_connect', 0), ('avg_pool_3x3', 3), ('max_pool_3x3', 1), ('skip_connect', 4)], normal_concat=range(2, 6), "
        + "reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 0), ('sep_conv_5x5', 2), ('dil_conv_3x3', 1), ('avg_pool_3x3', 0), ('sep_conv_3x3', 3), ('dil_conv_5x5', 4)], reduce_concat=[2, 4, 5])";

    private static Tensor Images(int n, int c, int h, int w) => Tensor.RandomNormal(new Random(5), 0f, 1f, n, c, h, w);

    private static float Parity(Module network, int channels, int side, int batch = 3)
    {
        OnnxParity.RandomizeBatchNorms(network, 11);
        var model = OnnxExporter.Export(network, [channels, side, side]);
        return OnnxParity.MaxDifference(network, model, Images(batch, channels, side, side));
    }

    [Theory]
    [InlineData(Nb201AllOps)]
    [InlineData("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|")]
    public void Export_Nb201Network_MatchesOnnxRuntime(string genotype)
    {
        var network = new Nb201Network(Nb201Genotype.Parse(genotype), Nb201Network.StandaloneOptions(4, 1, 10, 3), new Random(1));
        Assert.InRange(Parity(network, 3, 8), 0f, Tolerance);
    }

    [Fact]
    public void Export_Nb201CellsWithBatchStatistics_MatchesOnnxRuntime()
    {
        var network = new Nb201Network(Nb201Genotype.Parse(Nb201AllOps), new Nb201SupernetOptions(4, 1, 10, 3), new Random(2));
        Assert.InRange(Parity(network, 3, 8, batch: 4), 0f, Tolerance);
    }

    [Theory]
    [InlineData(DartsAllOps, 8)]
    [InlineData(DartsAllOps, 9)]
    public void Export_DartsNetwork_MatchesOnnxRuntime(string genotype, int side)
    {
        var options = new DartsNetworkOptions(Channels: 4, Layers: 3, Classes: 10, InputChannels: 3, Auxiliary: true, ImageSize: side);
        var network = new DartsNetwork(DartsGenotype.Parse(genotype), options, new Random(3));
        Assert.InRange(Parity(network, 3, side), 0f, Tolerance);
    }

    [Fact]
    public void Export_DartsV2_MatchesOnnxRuntime()
    {
        var network = new DartsNetwork(DartsGenotype.DartsV2, new DartsNetworkOptions(Channels: 4, Layers: 5, ImageSize: 8), new Random(4));
        Assert.InRange(Parity(network, 3, 8), 0f, Tolerance);
    }

    [Fact]
    public void Export_ChainNetwork_MatchesOnnxRuntime()
    {
        var options = new ChainSpaceOptions { StemChannels = 4, StageChannels = [8, 16], StageLayers = [2, 2], LastChannels = 16 };
        var network = new ChainNetwork(ChainGenotype.Parse("[3x3, xception, 7x7, 5x5]"), options, new Random(6));
        Assert.InRange(Parity(network, 3, 8), 0f, Tolerance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Export_AnyBatchSize_RunsWithTheDynamicBatchAxis(int batch)
    {
        var network = new Nb201Network(Nb201Genotype.Parse(Nb201AllOps), Nb201Network.StandaloneOptions(4, 1, 5, 1), new Random(7));
        var model = OnnxExporter.Export(network, [1, 8, 8]);
        var logits = OnnxParity.OnnxLogits(model, Images(batch, 1, 8, 8));
        Assert.Equal(batch * 5, logits.Length);
    }

    [Fact]
    public void Export_ModuleWithoutOnnxForm_ThrowsNamingTheType()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(new Unexportable(), [3, 8, 8]));
        Assert.Contains(nameof(Unexportable), error.Message);
    }

    [Fact]
    public void Export_UnsupportedOpset_ThrowsNamingIt()
    {
        var network = new Nb201Network(Nb201Genotype.Parse(Nb201AllOps), Nb201Network.StandaloneOptions(4, 1, 10, 3), new Random(9));
        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(network, [3, 8, 8], opset: 9));
        Assert.Contains("opset 9", error.Message);
    }

    [Fact]
    public void Export_Metadata_IsKeptInTheModel()
    {
        var network = new Nb201Network(Nb201Genotype.Parse(Nb201AllOps), Nb201Network.StandaloneOptions(4, 1, 10, 3), new Random(10));
        var model = OnnxExporter.Export(network, [3, 8, 8], metadata: new Dictionary<string, string> { ["genotype"] = Nb201AllOps });
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model);
        Assert.Equal(Nb201AllOps, session.ModelMetadata.CustomMetadataMap["genotype"]);
        Assert.Equal("NasSharp", session.ModelMetadata.ProducerName);
    }

    /// <summary>A classifier whose wiring the exporter does not know.</summary>
    private sealed class Unexportable : Module
    {
        private readonly Linear classifier;

        public Unexportable() => classifier = RegisterModule("classifier", new Linear(3, 2, new Random(0)));

        public override Tensor Forward(Tensor input) => classifier.Forward(Ops.GlobalAvgPool2d(input));
    }
}
