using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.Supernets;

public class Nb201SupernetTests
{
    private static Nb201Supernet Net() => new(new Nb201SupernetOptions(Channels: 4, CellsPerStage: 1, Classes: 3), new FixedChoicePolicy(Nb201Supernet.PathOf(default)), new Random(0));

    private static ChoiceTables Logits(params (int Edge, Nb201Operation Op, float Value)[] entries)
    {
        var tables = new ChoiceTables([(6, 5)], new Random(0), scale: 0f);
        foreach (var (edge, op, value) in entries)
        {
            tables.Tables[0].Data[(edge * 5) + (int)op] = value;
        }

        return tables;
    }

    [Fact]
    public void DerivePath_TakesTheStrongestOpPerEdge_NoneIncluded()
    {
        int[] strongest = [3, 0, 1, 4, 2, 1];
        var tables = Logits([.. strongest.Select((k, e) => (e, (Nb201Operation)k, 1f + e))]);
        var net = Net();
        var probabilities = tables.Probabilities(net.Mask);
        Assert.Equal("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|", net.Describe(net.DerivePath(probabilities)));

        // Edge 0: logits (0, 0, 0, 1, 0): softmax by hand.
        var z = 4 + MathF.E;
        Assert.Equal(MathF.E / z, probabilities[0][(int)Nb201Operation.NorConv3x3], 6);
        Assert.Equal(1 / z, probabilities[0][(int)Nb201Operation.None], 6);
    }

    [Fact]
    public void DerivePath_SubSupernet_IgnoresClosedOpsEvenWhenStronger()
    {
        var net = Net();
        net.RestrictTo([new ChoiceSplit(0, 4, (int)Nb201Operation.AvgPool3x3)]);
        var probabilities = Logits((4, Nb201Operation.NorConv3x3, 9f)).Probabilities(net.Mask);
        Assert.Equal((int)Nb201Operation.AvgPool3x3, net.DerivePath(probabilities)[0][4]);
        Assert.Equal(1f, probabilities[0][(4 * 5) + (int)Nb201Operation.AvgPool3x3]);
        Assert.Equal(0f, probabilities[0][(4 * 5) + (int)Nb201Operation.NorConv3x3]);
        Assert.Equal([Nb201Operation.AvgPool3x3], net.Allowed(4));
        Assert.Equal(Nb201Operations.All, net.Allowed(3));
    }

    [Fact]
    public void PathOf_GenotypeOf_RoundTrip_AndContainsFollowsTheSplits()
    {
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|");
        Assert.Equal(genotype, Nb201Supernet.GenotypeOf(Nb201Supernet.PathOf(genotype)));
        var net = Net();
        var child = (Nb201Supernet)net.CreateSubSupernet(new ChoiceSplit(0, 0, (int)Nb201Operation.NorConv3x3), net.Policy, new Random(1));
        Assert.True(child.Contains(genotype));
        Assert.False(child.Contains(genotype.WithOp(0, Nb201Operation.AvgPool3x3)));
        Assert.Equal("edge 1<-0", net.RowName(0, 0));
        Assert.Equal("0:nor_conv_3x3", net.SplitName(child.Splits[0]));
        Assert.Equal(child.Splits[0], net.ParseSplit(0, 0, "nor_conv_3x3"));
        Assert.Contains("'conv' is not a choice of edge 1<-0", Assert.Throws<ArgumentException>(() => net.ParseSplit(0, 0, "conv")).Message);
    }
}
