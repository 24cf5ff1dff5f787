using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

public class ScoringJoinTests
{
    [Fact]
    public void Join_PartialOverlap_PairsMatchedInAOrderAndCountsTheRest()
    {
        var a = new Scoring("a", null, [new("|p|", 1), new("|q|", 2), new("|r|", 3)]);
        var b = new Scoring("b", null, [new("|s|", 9), new("|r|", 30), new("|p|", 10), new("|t|", 8)]);
        var join = ScoringJoin.Join(a, b);
        Assert.Equal(2, join.Matched);
        Assert.Equal(["|p|", "|r|"], join.Architectures);
        Assert.Equal([1.0, 3.0], join.ScoresA.ToArray());
        Assert.Equal([10.0, 30.0], join.ScoresB.ToArray());
        Assert.Equal(["|q|"], join.OnlyInA);
        Assert.Equal(["|s|", "|t|"], join.OnlyInB);
    }

    [Fact]
    public void Join_KeysDifferingOnlyInCase_DoNotMatch()
    {
        var join = ScoringJoin.Join(new Scoring("a", null, [new("|Conv|", 1)]), new Scoring("b", null, [new("|conv|", 1)]));
        Assert.Equal(0, join.Matched);
        Assert.Single(join.OnlyInA);
        Assert.Single(join.OnlyInB);
    }
}
