using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

public class ArchitectureDistributionTests
{
    private static SupernetEdgeSpace Space(params SupernetSplit[] splits) =>
        new Nb201Supernet(SearchFixture.Tiny, new FixedPathPolicy(default), new Random(0), splits).EdgeSpace;

    [Fact]
    public void Derive_TakesTheStrongestOpPerEdge_NoneIncluded()
    {
        var alpha = Tensor.Zeros(6, 5);
        int[] strongest = [3, 0, 1, 4, 2, 1];
        for (var e = 0; e < 6; e++)
        {
            alpha.Data[(e * 5) + strongest[e]] = 1f + e;
        }

        var distribution = ArchitectureDistribution.Of(alpha, Space());
        Assert.Equal("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|", distribution.Derive().ToString());

        // Edge 0: logits (0, 0, 0, 1, 0): softmax by hand.
        var z = 4 + MathF.E;
        Assert.Equal(MathF.E / z, distribution.Probability(0, Nb201Operation.NorConv3x3), 6);
        Assert.Equal(1 / z, distribution.Probability(0, Nb201Operation.None), 6);
    }

    [Fact]
    public void Derive_SubSupernet_IgnoresClosedOpsEvenWhenStronger()
    {
        var alpha = Tensor.Zeros(6, 5);
        alpha.Data[(4 * 5) + (int)Nb201Operation.NorConv3x3] = 9f;
        var distribution = ArchitectureDistribution.Of(alpha, Space(new SupernetSplit(4, Nb201Operation.AvgPool3x3)));
        Assert.Equal(Nb201Operation.AvgPool3x3, distribution.Derive()[4]);
        Assert.Equal(1f, distribution.Probability(4, Nb201Operation.AvgPool3x3));
        Assert.Equal(0f, distribution.Probability(4, Nb201Operation.NorConv3x3));
    }

    [Fact]
    public void SkipConnectionsAndParameterFree_CountTheCollapseSignals()
    {
        var genotype = Nb201Genotype.Parse("|skip_connect~0|+|avg_pool_3x3~0|skip_connect~1|+|nor_conv_3x3~0|none~1|skip_connect~2|");
        Assert.Equal(3, ArchitectureDistribution.SkipConnections(genotype));
        Assert.Equal(4, ArchitectureDistribution.ParameterFree(genotype));
    }
}
