using NasSharp.Search.Spaces.Chain;

namespace NasSharp.Search.Tests.Spaces.Chain;

public class ChainGenotypeTests
{
    [Fact]
    public void ToString_Parse_RoundTrip()
    {
        var genotype = new ChainGenotype([ChainChoice.Shuffle3x3, ChainChoice.Xception, ChainChoice.Shuffle7x7, ChainChoice.Shuffle5x5]);
        Assert.Equal("[3x3, xception, 7x7, 5x5]", genotype.ToString());
        Assert.Equal(genotype, ChainGenotype.Parse(genotype.ToString()));
    }

    [Theory]
    [InlineData("3x3, 5x5")]
    [InlineData("[3x3, 9x9]")]
    [InlineData("[]")]
    public void Parse_Malformed_Throws(string text) =>
        Assert.ThrowsAny<Exception>(() => ChainGenotype.Parse(text));
}
