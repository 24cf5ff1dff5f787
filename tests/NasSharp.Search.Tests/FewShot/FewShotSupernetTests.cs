using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;

namespace NasSharp.Search.Tests.FewShot;

public class FewShotSupernetTests
{
    private static readonly Nb201SupernetOptions Tiny = new(Channels: 2, CellsPerStage: 1, Classes: 3);

    private static Nb201Supernet Net(params SupernetSplit[] splits) => new(Tiny, new FixedPathPolicy(default), new Random(0), splits);

    private static List<Nb201Supernet> SplitAll(Nb201Supernet parent, int edge) =>
        Nb201Operations.All.Select(op => parent.CreateSubSupernet(new SupernetSplit(edge, op), new FixedPathPolicy(default), new Random(0))).ToList();

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
            Assert.Equal([new SupernetSplit(0, genotype[0]), new SupernetSplit(4, genotype[4])], routed.Splits);
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
        var ex = Assert.Throws<ArgumentException>(() => new FewShotSupernet(root, [.. SplitAll(root, 0).Take(4), Net(new SupernetSplit(1, Nb201Operation.None))]));
        Assert.Contains("different edges", ex.Message);
    }

    [Fact]
    public void Constructor_SubSupernetWithoutParent_Throws()
    {
        var root = Net();
        var orphan = Net(new SupernetSplit(0, Nb201Operation.None), new SupernetSplit(1, Nb201Operation.None));
        var ex = Assert.Throws<ArgumentException>(() => new FewShotSupernet(root, [orphan]));
        Assert.Contains("no parent", ex.Message);
    }
}
