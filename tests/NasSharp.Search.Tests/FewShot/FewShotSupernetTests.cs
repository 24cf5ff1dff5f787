using NasSharp.Search.FewShot;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.FewShot;

public class FewShotSupernetTests
{
    private static readonly Nb201SupernetOptions Tiny = new(Channels: 2, CellsPerStage: 1, Classes: 3);

    private static FixedChoicePolicy NoPath => new(Nb201Supernet.PathOf(default));

    private static Nb201Supernet Net(params ChoiceSplit[] splits)
    {
        var net = new Nb201Supernet(Tiny, NoPath, new Random(0));
        net.RestrictTo(splits);
        return net;
    }

    private static ChoiceSplit Split(int edge, Nb201Operation op) => new(0, edge, (int)op);

    private static List<ChoiceSupernet> SplitAll(ChoiceSupernet parent, int edge) =>
        parent.Mask.Open(0, edge).Select(k => parent.CreateSubSupernet(new ChoiceSplit(0, edge, k), NoPath, new Random(0))).ToList();

    [Fact]
    public void Route_OneLevel_EveryGenotypeGoesToTheSubSupernetWithItsOpOnTheSplitEdge()
    {
        var root = Net();
        var subs = SplitAll(root, 2);
        var set = new FewShotSupernet(root, subs);
        Assert.Equal(1, set.Depth);
        foreach (var genotype in Nb201Space.Instance.Enumerate())
        {
            var routed = set.Route(genotype);
            Assert.Same(subs[(int)genotype[2]], routed);
        }
    }

    [Fact]
    public void Route_TwoLevels_GoesToTheDeepestSubSupernetContainingTheGenotype()
    {
        var root = Net();
        var level1 = SplitAll(root, 0);
        var level2 = level1.SelectMany(s => SplitAll(s, 4)).ToList();
        var set = new FewShotSupernet(root, [.. level2, .. level1]);
        Assert.Equal(2, set.Depth);
        Assert.Equal(31, set.Supernets.Count);
        var random = new Random(1);
        for (var i = 0; i < 300; i++)
        {
            var genotype = Nb201Space.Instance.Sample(random);
            var routed = set.Route(genotype);
            Assert.Equal([Split(0, genotype[0]), Split(4, genotype[4])], routed.Splits);
        }
    }

    [Fact]
    public void Route_RootAlone_IsTheOneShotSupernet()
    {
        var root = Net();
        var set = new FewShotSupernet(root, []);
        Assert.Equal(0, set.Depth);
        Assert.Same(root, set.Route(new Nb201Genotype(1234)));
    }

    [Fact]
    public void Constructor_MissingSubSupernets_ThrowsNamingTheMissingOperations()
    {
        var root = Net();
        var subs = SplitAll(root, 0);
        var ex = Assert.Throws<ArgumentException>(() => new FewShotSupernet(root, [subs[0], subs[1], subs[4]]));
        Assert.Contains("2 (nor_conv_1x1)", ex.Message);
        Assert.Contains("3 (nor_conv_3x3)", ex.Message);
    }

    [Fact]
    public void Constructor_SubSupernetsOnDifferentEdges_Throws()
    {
        var root = Net();
        var ex = Assert.Throws<ArgumentException>(() => new FewShotSupernet(root, [.. SplitAll(root, 0).Take(4), Net(Split(1, Nb201Operation.None))]));
        Assert.Contains("different rows", ex.Message);
    }

    [Fact]
    public void Constructor_SubSupernetWithoutParent_Throws()
    {
        var root = Net();
        var orphan = Net(Split(0, Nb201Operation.None), Split(1, Nb201Operation.None));
        var ex = Assert.Throws<ArgumentException>(() => new FewShotSupernet(root, [orphan]));
        Assert.Contains("no parent", ex.Message);
    }

    [Fact]
    public void Route_ChainSpaceTwoLevels_GoesToTheSubSupernetWhoseMaskHoldsThePath()
    {
        var options = new ChainSpaceOptions { StemChannels = 4, StageChannels = [8], StageLayers = [3], LastChannels = 8, Classes = 3, InputChannels = 1 };
        var root = new ChainSupernet(options, new FixedChoicePolicy([new int[3]]), new Random(0));
        var level1 = SplitAll(root, 1);
        var level2 = level1.SelectMany(s => SplitAll(s, 2)).ToList();
        var set = new FewShotSupernet(root, [.. level1, .. level2]);
        Assert.Equal(2, set.Depth);
        Assert.Equal(1 + 4 + 16, set.Supernets.Count);
        var random = new Random(2);
        for (var i = 0; i < 50; i++)
        {
            int[] layers = [random.Next(4), random.Next(4), random.Next(4)];
            var routed = set.Route([layers]);
            Assert.Equal([new ChoiceSplit(0, 1, layers[1]), new ChoiceSplit(0, 2, layers[2])], routed.Splits);
            Assert.True(routed.Contains([layers]));
        }
    }
}
