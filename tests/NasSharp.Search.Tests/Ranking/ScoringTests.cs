using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

public class ScoringTests
{
    [Fact]
    public void Constructor_DuplicateArchitecture_ThrowsNamingArchAndSource()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new Scoring("supernet", null, [new("|a|", 1), new("|a|", 2)]));
        Assert.Contains("supernet", ex.Message);
        Assert.Contains("'|a|'", ex.Message);
    }

    [Fact]
    public void Constructor_NaNScore_Throws() =>
        Assert.Throws<InvalidDataException>(() => new Scoring("s", null, [new("|a|", double.NaN)]));

    [Fact]
    public void Keys_AreOrdinal_CaseMatters()
    {
        var scoring = new Scoring("s", "score", [new("|A|", 1), new("|a|", 2)]);
        Assert.Equal(2, scoring.Count);
        Assert.Equal(1.0, scoring["|A|"]);
        Assert.False(scoring.TryGetScore("|b|", out _));
    }
}
