using NasSharp.Search.Spaces.DartsRnn;

namespace NasSharp.Search.Tests.Spaces.DartsRnn;

public class DartsRnnGenotypeTests
{
    private const string V2 = "darts-rnn:sigmoid~0|relu~1|relu~1|identity~1|tanh~2|sigmoid~5|tanh~3|relu~5";

    [Fact]
    public void Parse_PublishedDartsV2_PrintsBackIdentically()
    {
        var genotype = DartsRnnGenotype.Parse(V2);
        Assert.Equal(V2, genotype.ToString());
        Assert.Equal(new DartsRnnNode(DartsRnnOperation.Sigmoid, 5), genotype.Nodes[5]);
        Assert.Equal(Enumerable.Range(1, 8), genotype.Concat);
        Assert.Equal(genotype, DartsRnnGenotype.DartsV2);
    }

    [Fact]
    public void DartsV1_AsInGenotypesPy_HasEightNodesAndRoundTrips()
    {
        var v1 = DartsRnnGenotype.DartsV1;
        Assert.Equal("darts-rnn:relu~0|relu~1|tanh~2|relu~3|relu~4|identity~1|relu~5|relu~1", v1.ToString());
        Assert.Equal(v1, DartsRnnGenotype.Parse(v1.ToString()));
        Assert.NotEqual(v1, DartsRnnGenotype.DartsV2);
    }

    [Fact]
    public void Parse_NonDefaultConcat_RoundTrips()
    {
        var text = "darts-rnn:tanh~0|relu~0|identity~2;concat=1,3";
        var genotype = DartsRnnGenotype.Parse(text);
        Assert.Equal(new[] { 1, 3 }, genotype.Concat);
        Assert.Equal(text, genotype.ToString());
    }

    [Theory]
    [InlineData("tanh~0|relu~1", "darts-rnn:")]
    [InlineData("darts-rnn:tanh~0|swish~1", "swish")]
    [InlineData("darts-rnn:tanh~0|relu~2", "relu~2")]
    [InlineData("darts-rnn:none~0", "none~0")]
    [InlineData("darts-rnn:tanh~0|relu", "relu")]
    [InlineData("darts-rnn:tanh~0;concat=3", "concat")]
    public void Parse_BadText_ThrowsFormatExceptionNamingThePart(string text, string named)
    {
        var ex = Assert.Throws<FormatException>(() => DartsRnnGenotype.Parse(text));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }
}
