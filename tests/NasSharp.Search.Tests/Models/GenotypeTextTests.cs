using NasSharp.Search.Models;
using NasSharp.Search.Spaces.Darts;

namespace NasSharp.Search.Tests.Models;

public sealed class GenotypeTextTests
{
    [Theory]
    [InlineData("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|", ModelSpace.Nb201)]
    [InlineData("  [3x3, 5x5, xception, 7x7, 3x3, 3x3]", ModelSpace.Chain)]
    public void Detect_KnownForms_NamesTheirSpace(string text, ModelSpace expected) =>
        Assert.Equal(expected, GenotypeText.Detect(text));

    [Fact]
    public void Detect_DartsGenotypeText_IsDarts() =>
        Assert.Equal(ModelSpace.Darts, GenotypeText.Detect(DartsGenotype.DartsV2.ToString()));

    [Fact]
    public void Detect_UnknownForm_ThrowsListingTheForms()
    {
        var error = Assert.Throws<FormatException>(() => GenotypeText.Detect("resnet18"));
        Assert.Contains("'resnet18'", error.Message);
        Assert.Contains("Genotype(", error.Message);
    }

    [Fact]
    public void Resolve_GivenSpaceThatDoesNotParse_Throws() =>
        Assert.Throws<FormatException>(() => GenotypeText.Resolve("[3x3, 5x5]", ModelSpace.Nb201));

    [Fact]
    public void ParseSpace_BadName_ThrowsListingTheNames()
    {
        var error = Assert.Throws<ArgumentException>(() => GenotypeText.ParseSpace("nasnet"));
        Assert.Contains("nb201, darts, chain", error.Message);
        Assert.Equal(ModelSpace.Darts, GenotypeText.ParseSpace("DARTS"));
    }
}
