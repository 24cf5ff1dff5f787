using NasSharp.Search.Spaces;

namespace NasSharp.Search.Tests.Spaces;

public class Nb201GenotypeTests
{
    // Row 1 of the benchmark table (arch_index 1): its string and its op_indices.
    private const string Row1 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    [Fact]
    public void ParseToString_AllGenotypes_RoundTrip()
    {
        for (var i = 0; i < Nb201Genotype.SpaceSize; i++)
        {
            var genotype = new Nb201Genotype(i);
            var text = genotype.ToString();
            Assert.Equal(genotype, Nb201Genotype.Parse(text));
            Assert.Equal(text, Nb201Genotype.Parse(text).ToString());
        }
    }

    [Fact]
    public void Index_AllGenotypes_MatchesOpsAndOpIndices()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < Nb201Genotype.SpaceSize; i++)
        {
            var genotype = new Nb201Genotype(i);
            Assert.Equal(i, Nb201Genotype.FromOps(genotype.ToOps()).Index);
            Assert.Equal(genotype, Nb201Genotype.ParseOpIndices(genotype.ToOpIndices()));
            Assert.Equal(i, Convert.ToInt32(genotype.ToOpIndices().Aggregate(0, (acc, c) => (acc * 5) + (c - '0'))));
            Assert.True(seen.Add(genotype.ToString()));
        }
    }

    [Fact]
    public void Parse_BenchmarkRow_GivesItsOpIndices()
    {
        var genotype = Nb201Genotype.Parse(Row1);
        Assert.Equal("334131", genotype.ToOpIndices());
        Assert.Equal(Nb201Operation.NorConv3x3, genotype[0]);
        Assert.Equal(Nb201Operation.AvgPool3x3, genotype[2]);
        Assert.Equal(Nb201Operation.SkipConnect, genotype[5]);
        Assert.Equal(Row1, genotype.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("|none~0|+|none~0|none~1|")]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~1|")]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|+|none~0|")]
    [InlineData("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~2|none~1|")]
    [InlineData("|none0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("none~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|x")]
    [InlineData("|none~0|+|none~0|none~12|+|none~0|none~1|none~2|")]
    public void Parse_MalformedString_ThrowsFormatExceptionQuotingIt(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Nb201Genotype.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
        Assert.False(Nb201Genotype.TryParse(text, out _));
    }

    [Theory]
    [InlineData("33413")]
    [InlineData("3341310")]
    [InlineData("334135")]
    [InlineData("33a131")]
    public void ParseOpIndices_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => Nb201Genotype.ParseOpIndices(text));

    [Theory]
    [InlineData(-1)]
    [InlineData(15625)]
    public void Constructor_IndexOutOfRange_Throws(int index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Nb201Genotype(index));

    [Fact]
    public void WithOp_ChangesOnlyThatEdge()
    {
        var genotype = Nb201Genotype.Parse(Row1);
        var changed = genotype.WithOp(4, Nb201Operation.None);
        Assert.Equal("334101", changed.ToOpIndices());
        Assert.Equal("334131", genotype.ToOpIndices());
    }

    [Fact]
    public void EdgeNodes_FollowStringOrder()
    {
        var expected = new[] { (0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3) };
        for (var e = 0; e < Nb201Genotype.EdgeCount; e++)
        {
            Assert.Equal(expected[e], Nb201Genotype.EdgeNodes(e));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Nb201Genotype.EdgeNodes(6));
    }

    [Fact]
    public void Equality_SameIndex_EqualAndSameHash()
    {
        var a = new Nb201Genotype(6111);
        var b = Nb201Genotype.ParseOpIndices(a.ToOpIndices());
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(new Nb201Genotype(3) < a);
    }
}
