using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Chain;

public class ChainSupernetTests
{
    private static readonly ChainSpaceOptions Small = new() { StemChannels = 8, StageChannels = [16, 32], StageLayers = [2, 2], LastChannels = 64, Classes = 5, InputChannels = 1 };

    [Theory]
    [InlineData(ChainChoice.Shuffle3x3, 1)]
    [InlineData(ChainChoice.Shuffle7x7, 2)]
    [InlineData(ChainChoice.Xception, 1)]
    [InlineData(ChainChoice.Xception, 2)]
    public void ShuffleBlock_KeepsOrWidensChannelsAndHalvesOnStrideTwo(ChainChoice choice, int stride)
    {
        var (input, output) = stride == 1 ? (16, 16) : (8, 16);
        var block = new ShuffleBlock(choice, input, output, stride, new Random(0));
        var y = block.Forward(Tensor.RandomNormal(new Random(1), 0, 1, 2, input, 7, 7));
        Assert.Equal(new TensorShape(2, output, stride == 1 ? 7 : 4, stride == 1 ? 7 : 4), y.Shape);
    }

    [Fact]
    public void FixedPath_GivesTheStandaloneNetworkOutputWithTheSameWeights()
    {
        var genotype = ChainGenotype.Parse("[5x5, xception, 7x7, 3x3]");
        var path = new[] { genotype.Choices.Select(c => (int)c).ToArray() };
        var supernet = new ChainSupernet(Small, new FixedChoicePolicy(path), new Random(0));
        var network = new ChainNetwork(genotype, Small, new Random(9));
        var mapped = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in network.StateDict())
        {
            var parts = name.Split('.');
            var source = parts[0] == "features" ? $"features.{parts[1]}.choices.{path[0][int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)]}.{string.Join('.', parts.Skip(2))}" : name;
            mapped[name] = supernet.StateDict()[source];
        }

        network.LoadStateDict(mapped);
        supernet.Eval();
        network.Eval();
        var images = Tensor.RandomNormal(new Random(2), 0, 1, 3, 1, 12, 12);
        Assert.Equal(network.Forward(images).ToArray(), supernet.Forward(images).ToArray());
        Assert.Equal(genotype.ToString(), supernet.Describe(path));
    }

    [Fact]
    public void DerivePath_TakesTheArgmaxPerLayer()
    {
        var supernet = new ChainSupernet(Small, new FixedChoicePolicy([new int[4]]), new Random(0));
        float[] probabilities = [0.1f, 0.2f, 0.6f, 0.1f, 0.7f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.7f, 0.3f, 0.3f, 0.2f, 0.2f];
        Assert.Equal([2, 0, 3, 0], supernet.DerivePath([probabilities])[0]);
    }
}
