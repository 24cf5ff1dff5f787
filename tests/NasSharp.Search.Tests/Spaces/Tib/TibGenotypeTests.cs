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

    [Fact]
    public void Parse_WithEdgesInAnyOrder_PrintsThemByTargetThenSourceAndRoundTrips()
    {
        var genotype = TibGenotype.Parse("tib:mul_sigmoid|add_tanh|mul_tanh+e(skip,1->3)+e(mul,0->2)+e(add_id,0->3)");

        Assert.Equal("tib:mul_sigmoid|add_tanh|mul_tanh+e(mul,0->2)+e(add_id,0->3)+e(skip,1->3)", genotype.ToString());
        Assert.Equal(new TibGenotypeEdge(TibOperation.Mul, 0, 2), genotype.Edges[0]);
        Assert.Equal(genotype, TibGenotype.Parse(genotype.ToString()));
        Assert.NotEqual(genotype, TibGenotype.Parse("tib:mul_sigmoid|add_tanh|mul_tanh"));
        Assert.Empty(TibGenotype.Parse("tib:mul_sigmoid|add_tanh").Edges);
    }

    [Theory]
    [InlineData("tib:mul|add_tanh+e(mul,0-2)", "+e(mul,0-2)")]
    [InlineData("tib:mul|add_tanh+edge(mul,0->2)", "+edge(mul,0->2)")]
    [InlineData("tib:mul|add_tanh+e(mul,2->2)", "+e(mul,2->2)")]
    [InlineData("tib:mul|add_tanh+e(mul,0->3)", "+e(mul,0->3)")]
    [InlineData("tib:mul|add_tanh+", "+'")]
    public void Parse_BadEdge_ThrowsNamingItAndShowingTheForm(string text, string named)
    {
        var ex = Assert.Throws<FormatException>(() => TibGenotype.Parse(text));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Contains("+e(op,from->to) with 0 <= from < to <= N", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EdgeWithUnknownOperation_NamesIt()
    {
        var ex = Assert.Throws<FormatException>(() => TibGenotype.Parse("tib:mul|add_tanh+e(conv,0->2)"));
        Assert.Contains("conv", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Node 2 (a skip, nothing in) goes: later states shift down; node 3 keeps its skip because an edge feeds it.
    [InlineData("tib:mul|skip|skip|add_tanh+e(mul,0->3)+e(add_id,1->4)", "tib:mul|skip|add_tanh+e(mul,0->2)+e(add_id,1->3)")]
    // An edge out of a contracted skip reads that node's A instead (s_2 = s_1 exactly).
    [InlineData("tib:add_tanh|skip|mul+e(skip,2->3)", "tib:add_tanh|mul+e(skip,1->2)")]
    [InlineData("tib:skip|skip+e(mul,0->2)", "tib:skip+e(mul,0->1)")]
    public void WithoutSkips_WithEdges_KeepsFedSkipNodesAndRenumbersTheEdges(string text, string contracted) =>
        Assert.Equal(contracted, TibGenotype.Parse(text).WithoutSkips().ToString());

    [Fact]
    public void HasHadamard_OnlyAnEdgeMultiplies_IsTrue()
    {
        Assert.True(TibGenotype.Parse("tib:add_tanh|highway+e(mul_tanh,0->2)").HasHadamard);
        Assert.False(TibGenotype.Parse("tib:add_tanh|highway+e(add_id,0->2)").HasHadamard);
    }

    [Fact]
    public void Parameters_WithEdges_CountTheirGatesAndMatchTheBuiltCell()
    {
        // A plain edge shares its target's projection: no weight of its own; a gated one adds gamma_e.
        var genotype = TibGenotype.Parse("tib:mul_sigmoid|add_tanh|mul_tanh+e(mul,0->2)+e(skip,1->3)");
        Assert.Equal(TibCost.Parameters(TibGenotype.Parse("tib:mul_sigmoid|add_tanh|mul_tanh"), 5, 3), TibCost.Parameters(genotype, 5, 3));
        Assert.Equal((3 * ((8 * 3) + 3 + 1)) + 2, TibCost.Parameters(genotype, 5, 3, gates: true));
        Assert.Equal(TibCost.Parameters(genotype, 5, 3), new TibCell(genotype, 5, 3, new Random(0)).ParameterCount());
        Assert.Equal(TibCost.Parameters(genotype, 5, 3, gates: true), new TibCell(genotype, 5, 3, new Random(0), gates: true).ParameterCount());
    }
}
