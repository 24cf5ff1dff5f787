using FsCheck.Fluent;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Testing;
using Xunit.Abstractions;

namespace NasSharp.Search.Tests.Fuzzing;

/// <summary>Genotype text of every space: a parse either fails with <see cref="FormatException"/> or gives a value whose text form parses back to it.</summary>
public class GenotypeFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Nb201Parse_MutatedAndRandomText_RoundTripsOrThrowsFormat()
    {
        var seeds = new[] { "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|", "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|none~1|nor_conv_3x3~2|" };
        Fuzz.Check(output, "nb201 genotype", Gen.OneOf(Fuzz.Mutations(seeds), Fuzz.Noise()), 1000, text =>
        {
            var genotype = Nb201Genotype.Parse(text);
            Assert.Equal(genotype, Nb201Genotype.Parse(genotype.ToString()));
        }, typeof(FormatException));
    }

    [Fact]
    public void Nb201ParseOpIndices_MutatedDigits_RoundTripsOrThrowsFormat() =>
        Fuzz.Check(output, "nb201 op indices", Gen.OneOf(Fuzz.Mutations("334131", "000000"), Fuzz.Noise()), 1000, text =>
        {
            var genotype = Nb201Genotype.ParseOpIndices(text);
            Assert.Equal(text, genotype.ToOpIndices());
        }, typeof(FormatException));

    [Fact]
    public void DartsParse_MutatedGenotypes_RoundTripsOrThrowsFormat() =>
        Fuzz.Check(output, "darts genotype", Gen.OneOf(Fuzz.Mutations(DartsGenotype.DartsV1.ToString(), DartsGenotype.DartsV2.ToString()), Fuzz.Noise()), 1000, text =>
        {
            var genotype = DartsGenotype.Parse(text);
            Assert.Equal(genotype.ToString(), DartsGenotype.Parse(genotype.ToString()).ToString());
        }, typeof(FormatException));

    [Fact]
    public void ChainParse_MutatedChains_RoundTripsOrThrowsFormat() =>
        Fuzz.Check(output, "chain genotype", Gen.OneOf(Fuzz.Mutations("[3x3, 5x5, 7x7, xception]", "[xception]"), Fuzz.Noise()), 1000, text =>
        {
            var genotype = ChainGenotype.Parse(text);
            Assert.Equal(genotype, ChainGenotype.Parse(genotype.ToString()));
        }, typeof(FormatException));

    [Fact]
    public void DartsRnnParse_MutatedCells_RoundTripsOrThrowsFormat() =>
        Fuzz.Check(output, "darts-rnn genotype", Gen.OneOf(Fuzz.Mutations(DartsRnnGenotype.DartsV1.ToString(), DartsRnnGenotype.DartsV2.ToString()), Fuzz.Noise()), 1000, text =>
        {
            var genotype = DartsRnnGenotype.Parse(text);
            Assert.Equal(genotype, DartsRnnGenotype.Parse(genotype.ToString()));
        }, typeof(FormatException));

    [Fact]
    public void TibParse_MutatedCells_RoundTripsOrThrowsFormat() =>
        Fuzz.Check(output, "tib genotype", Gen.OneOf(Fuzz.Mutations("tib:mul_sigmoid|add_tanh|highway", "tib:skip|mul|add_id|mul_tanh", "tib:mul|add_tanh|highway+e(mul,0->2)+e(skip,1->3)"), Fuzz.Noise()), 1000, text =>
        {
            var genotype = TibGenotype.Parse(text);
            Assert.Equal(genotype, TibGenotype.Parse(genotype.ToString()));
        }, typeof(FormatException));
}
