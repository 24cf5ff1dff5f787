using NasSharp.Search.Spaces;

namespace NasSharp.Search.Tests.Spaces;

public class Nb201SpaceTests
{
    private static readonly Nb201Space Space = Nb201Space.Instance;

    private static int EdgesChanged(Nb201Genotype a, Nb201Genotype b) =>
        Enumerable.Range(0, Nb201Genotype.EdgeCount).Count(e => a[e] != b[e]);

    [Fact]
    public void Mutate_ManySamples_ChangesExactlyOneEdgeToADifferentOp()
    {
        var random = new Random(1);
        var edgeHits = new int[Nb201Genotype.EdgeCount];
        for (var i = 0; i < 5000; i++)
        {
            var parent = Space.Sample(random);
            var child = Space.Mutate(parent, random);
            Assert.Equal(1, EdgesChanged(parent, child));
            edgeHits[Enumerable.Range(0, 6).First(e => parent[e] != child[e])]++;
        }

        // Every edge is mutated, roughly uniformly (expected 833 each).
        Assert.All(edgeHits, h => Assert.InRange(h, 700, 970));
    }

    [Fact]
    public void Neighbours_AnyGenotype_Are24DistinctOneEdgeChanges()
    {
        foreach (var index in new[] { 0, 6111, 15624, 4242 })
        {
            var genotype = new Nb201Genotype(index);
            var neighbours = Space.Neighbours(genotype);
            Assert.Equal(24, neighbours.Count);
            Assert.Equal(24, neighbours.Distinct().Count());
            Assert.All(neighbours, n => Assert.Equal(1, EdgesChanged(genotype, n)));
        }
    }

    [Fact]
    public void Encode_IsSixOneHotBlocksOfFive()
    {
        var genotype = Nb201Genotype.ParseOpIndices("334131");
        var code = Space.Encode(genotype);
        Assert.Equal(30, code.Length);
        Assert.Equal(30, Space.EncodingLength);
        Assert.Equal(6f, code.Sum());
        var digits = "334131";
        for (var e = 0; e < 6; e++)
        {
            Assert.Equal(1f, code[(e * 5) + (digits[e] - '0')]);
        }
    }

    [Fact]
    public void Enumerate_ListsAll15625InIndexOrder()
    {
        var all = Space.Enumerate().ToList();
        Assert.Equal(15625, all.Count);
        Assert.Equal(15625L, Space.Size);
        Assert.Equal(Enumerable.Range(0, 15625), all.Select(g => g.Index));
    }

    [Fact]
    public void Decisions_RoundTripAndMatchOps()
    {
        var genotype = new Nb201Genotype(9930);
        var decisions = Space.ToDecisions(genotype);
        Assert.Equal(genotype.ToOps().Select(o => (int)o), decisions);
        Assert.Equal(genotype, Space.FromDecisions(decisions));
        Assert.Equal(new[] { 5, 5, 5, 5, 5, 5 }, Space.Choices);
        Assert.Throws<ArgumentException>(() => Space.FromDecisions([0, 1, 2]));
        Assert.Throws<ArgumentException>(() => Space.FromDecisions([0, 1, 2, 3, 4, 5]));
    }

    [Fact]
    public void Sample_SameSeed_SameSequence_AndCoversEveryOp()
    {
        var a = new Random(7);
        var b = new Random(7);
        var first = Enumerable.Range(0, 200).Select(_ => Space.Sample(a)).ToList();
        Assert.Equal(first, Enumerable.Range(0, 200).Select(_ => Space.Sample(b)));
        for (var e = 0; e < 6; e++)
        {
            Assert.Equal(5, first.Select(g => g[e]).Distinct().Count());
        }
    }
}
