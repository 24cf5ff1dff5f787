using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.Tib;

namespace NasSharp.Search.Tests.Spaces.Tib;

public class TibGenotypeTests
{
    [Fact]
    public void Parse_EveryOperation_RoundTrips()
    {
        var text = "tib:skip|add_tanh|add_relu|add_sigmoid|add_id|mul|mul_sigmoid|mul_tanh|highway";
        var genotype = TibGenotype.Parse(text);
        Assert.Equal(Enum.GetValues<TibOperation>(), genotype.Ops);
        Assert.Equal(text, genotype.ToString());
        Assert.Equal(genotype, TibGenotype.Parse(genotype.ToString()));
    }

    [Theory]
    [InlineData("mul|add_tanh", "tib:")]
    [InlineData("tib:mul|conv", "conv")]
    [InlineData("tib:", "no operation")]
    public void Parse_BadText_ThrowsFormatExceptionNamingThePart(string text, string named)
    {
        var ex = Assert.Throws<FormatException>(() => TibGenotype.Parse(text));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutSkips_ContractsSkipNodesAndHadamardIsDetected()
    {
        var genotype = TibGenotype.Parse("tib:skip|mul_sigmoid|skip|add_tanh");
        Assert.Equal("tib:mul_sigmoid|add_tanh", genotype.WithoutSkips().ToString());
        Assert.True(genotype.HasHadamard);
        Assert.False(TibGenotype.Parse("tib:add_tanh|highway").HasHadamard);
        Assert.Equal("tib:skip", TibGenotype.Parse("tib:skip|skip").WithoutSkips().ToString());
    }

    [Fact]
    public void Parameters_FourNodesOf64_EqualLstmFormulaAndTheBuiltCell()
    {
        var genotype = TibGenotype.Parse("tib:mul_sigmoid|add_tanh|mul_tanh|highway");
        Assert.Equal(4 * ((128 * 64) + 64), TibCost.Parameters(genotype, 64, 64));
        Assert.Equal(TibCost.Parameters(genotype, 5, 3), new TibCell(genotype, 5, 3, new Random(0)).ParameterCount());
        Assert.Equal(TibCost.Parameters(genotype, 5, 3, gates: true), new TibCell(genotype, 5, 3, new Random(0), gates: true).ParameterCount());
    }
}
