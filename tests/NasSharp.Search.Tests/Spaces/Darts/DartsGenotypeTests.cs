using NasSharp.Search.Spaces.Darts;

namespace NasSharp.Search.Tests.Spaces.Darts;

public class DartsGenotypeTests
{
    [Fact]
    public void Parse_PublishedDartsV2_ReadsEdgesAndConcat()
    {
        var v2 = DartsGenotype.DartsV2;
        Assert.Equal(new DartsEdge(DartsOperation.SepConv3x3, 0), v2.Normal[0]);
        Assert.Equal(new DartsEdge(DartsOperation.DilConv3x3, 2), v2.Normal[7]);
        Assert.Equal(new DartsEdge(DartsOperation.MaxPool3x3, 1), v2.Reduce[7]);
        Assert.Equal([2, 3, 4, 5], v2.NormalConcat);
    }

    [Fact]
    public void ToString_PrintsTheDartsFormWithRange_AndRoundTrips()
    {
        var text = DartsGenotype.DartsV1.ToString();
        Assert.StartsWith("Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ", text, StringComparison.Ordinal);
        Assert.Contains("normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0)", text, StringComparison.Ordinal);
        Assert.EndsWith("reduce_concat=range(2, 6))", text, StringComparison.Ordinal);
        Assert.Equal(DartsGenotype.DartsV1, DartsGenotype.Parse(text));
        Assert.NotEqual(DartsGenotype.DartsV1, DartsGenotype.DartsV2);
    }

    [Fact]
    public void Parse_NonContiguousConcat_KeepsTheListForm()
    {
        var text = DartsGenotype.DartsV2.ToString().Replace("normal_concat=range(2, 6)", "normal_concat=[2, 3, 5]", StringComparison.Ordinal);
        var genotype = DartsGenotype.Parse(text);
        Assert.Equal([2, 3, 5], genotype.NormalConcat);
        Assert.Equal(text, genotype.ToString());
    }

    [Theory]
    [InlineData("Genotype(normal=[('sep_conv_3x3', 0)], normal_concat=range(2, 6), reduce=[], reduce_concat=range(2, 6))")]
    [InlineData("Genotype(normal=[('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))")]
    [InlineData("Genotype(normal=[('none', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))")]
    [InlineData("Genotype(normal=[('conv_7x7', 0)], normal_concat=range(2, 6), reduce=[], reduce_concat=range(2, 6))")]
    [InlineData("normal=[]")]
    public void Parse_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => DartsGenotype.Parse(text));

    [Fact]
    public void Derive_KeepsTheTwoStrongestInputsPerNodeByTheirStrongestNonNoneOp()
    {
        var normal = new float[14 * 8];
        var reduce = new float[14 * 8];
        void Set(float[] w, int node, int input, DartsOperation op, float value) => w[(DartsDerivation.EdgeIndex(node, input) * 8) + (int)op] = value;

        // Node 0: input 1 beats input 0; 'none' is strongest on input 0 but is ignored.
        Set(normal, 0, 0, DartsOperation.None, 0.9f);
        Set(normal, 0, 0, DartsOperation.AvgPool3x3, 0.3f);
        Set(normal, 0, 1, DartsOperation.SepConv5x5, 0.6f);
        // Node 3: inputs 4 and 2 are the strongest of five.
        Set(normal, 3, 4, DartsOperation.DilConv3x3, 0.8f);
        Set(normal, 3, 2, DartsOperation.SkipConnect, 0.7f);
        Set(normal, 3, 0, DartsOperation.MaxPool3x3, 0.1f);
        var genotype = DartsDerivation.Derive(normal, reduce);

        Assert.Equal(new DartsEdge(DartsOperation.SepConv5x5, 1), genotype.Normal[0]);
        Assert.Equal(new DartsEdge(DartsOperation.AvgPool3x3, 0), genotype.Normal[1]);
        Assert.Equal(new DartsEdge(DartsOperation.DilConv3x3, 4), genotype.Normal[6]);
        Assert.Equal(new DartsEdge(DartsOperation.SkipConnect, 2), genotype.Normal[7]);
        Assert.Equal(13, DartsDerivation.EdgeIndex(3, 4));
    }
}
