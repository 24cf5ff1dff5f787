using System.Text.RegularExpressions;
using NasSharp.NN.Layers;
using NasSharp.Search.Networks;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks;

public class Nb201NetworkTests
{
    private const string ResNetLike = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";
    private const string NoWeights = "|skip_connect~0|+|none~0|skip_connect~1|+|skip_connect~0|none~1|none~2|";

    // C = 8, N = 1, 3 input channels, 10 classes, everything but the cells: stem conv 216 + BN 16; reduction
    // blocks 8->16 (1152 + 32 + 2304 + 32 + 128 = 3648) and 16->32 (4608 + 64 + 9216 + 64 + 512 = 14464);
    // last BN 64; classifier 330.
    private const long SkeletonParameters = 216 + 16 + 3648 + 14464 + 64 + 330;

    private static readonly Nb201SupernetOptions Tiny = Nb201Network.StandaloneOptions(channels: 8, cellsPerStage: 1);

    [Fact]
    public void Parameters_SkipAndNoneOnlyCell_HasNoCellWeights()
    {
        var network = new Nb201Network(Nb201Genotype.Parse(NoWeights), Tiny, new Random(0));
        Assert.Equal(SkeletonParameters, network.ParameterCount());
        Assert.DoesNotContain(network.NamedParameters(), p => Regex.IsMatch(p.Name, @"^cells\.[024]\."));
    }

    [Fact]
    public void Parameters_ResNetLikeCell_TwoConvolutionsPerCellUnderAutoDlNames()
    {
        var network = new Nb201Network(Nb201Genotype.Parse(ResNetLike), Tiny, new Random(0));

        // Per cell two ReLU-conv3x3-BN edges (0 and 2): 2 (9 C^2 + 2 C) at C = 8, 16, 32.
        Assert.Equal(SkeletonParameters + 1184 + 4672 + 18560, network.ParameterCount());
        var cellParameters = network.NamedParameters().Where(p => Regex.IsMatch(p.Name, @"^cells\.[024]\.")).ToDictionary(p => p.Name, p => p.Tensor.Shape.ToArray());
        Assert.Equal(3 * 2 * 3, cellParameters.Count);
        Assert.Equal([8, 8, 3, 3], cellParameters["cells.0.layers.0.op.1.weight"]);
        Assert.Equal([16, 16, 3, 3], cellParameters["cells.2.layers.2.op.1.weight"]);
        Assert.Equal([32], cellParameters["cells.4.layers.2.op.2.bias"]);
        Assert.Contains("cells.4.layers.0.op.2.running_var", network.StateDict().Keys);
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void Forward_ImagesOfDatasetShape_GivesLogitsPerImage(int channels, int side)
    {
        var options = Nb201Network.StandaloneOptions(channels: 4, cellsPerStage: 1, classes: 7, inputChannels: channels);
        var network = new Nb201Network(Nb201Genotype.Parse(ResNetLike), options, new Random(1));
        using var scope = new TensorScope();
        var logits = network.Forward(Tensor.RandomNormal(new Random(2), 0, 1, 2, channels, side, side));
        Assert.Equal([2, 7], logits.Shape.ToArray());
        Assert.All(logits.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Forward_SameWeightsAsFixedPathSupernet_SameOutput()
    {
        // The stand-alone cell and the supernet run the same wiring; with the supernet's weights copied over
        // (edge E's op "x" lives at "edges.E.x..." there and "layers.E..." here) both compute the same logits.
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|");
        var options = Nb201Network.StandaloneOptions(channels: 4, cellsPerStage: 1, classes: 3);
        var supernet = new Nb201Supernet(options, new FixedChoicePolicy(Nb201Supernet.PathOf(genotype)), new Random(3));
        var network = new Nb201Network(genotype, options, new Random(4));
        var supernetState = supernet.StateDict();
        var mapped = network.StateDict().Keys.ToDictionary(k => k, k => supernetState[SupernetKey(k, genotype)]);
        network.LoadStateDict(mapped);
        supernet.Eval();
        network.Eval();
        var images = Tensor.RandomNormal(new Random(5), 0, 1, 2, 3, 8, 8);
        Assert.Equal(supernet.Forward(images).ToArray(), network.Forward(images).ToArray());
    }

    [Fact]
    public void Constructor_KeepsTheGenotypeAndTheCellBatchNorm()
    {
        var genotype = Nb201Genotype.Parse(ResNetLike);
        var standalone = new Nb201Network(genotype, Tiny, new Random(0));
        Assert.Equal(genotype, standalone.Genotype);
        Assert.Equal(BatchNormOptions.Default, Tiny.CellBatchNorm);

        // With the supernet's batch-statistics batch norm the cells have no affine parameters or running statistics.
        var shared = new Nb201Network(genotype, new Nb201SupernetOptions(8, 1), new Random(0));
        Assert.Equal(standalone.ParameterCount() - (2 * 2 * (8 + 16 + 32)), shared.ParameterCount());
    }

    private static string SupernetKey(string key, Nb201Genotype genotype)
    {
        var match = Regex.Match(key, @"^(cells\.\d+)\.layers\.(\d)\.(.*)$");
        if (!match.Success)
        {
            return key;
        }

        var edge = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return $"{match.Groups[1].Value}.edges.{edge}.{Nb201Operations.Name(genotype[edge])}.{match.Groups[3].Value}";
    }
}
