using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.FewShot;

/// <summary>
/// The architectures a ground truth is measured on: a fixed, seeded sample of NAS-Bench-201 stratified by the
/// number of convolutions in the cell (0 to 6, the property that moves accuracy most), with equal allocation:
/// each of the seven strata gets <c>count / 7</c> architectures (the first <c>count % 7</c> strata one more), drawn
/// uniformly without replacement. Equal allocation over-represents the rare all-convolution cells relative to
/// uniform sampling, so the ranking is tested across the whole accuracy range rather than mostly in the
/// crowded middle (4,860 of the 15,625 cells have two convolutions, 64 have six).
/// </summary>
public static class ArchitectureSample
{
    /// <summary>Number of convolutions (nor_conv_1x1 or nor_conv_3x3) on the cell's edges.</summary>
    public static int ConvolutionCount(Nb201Genotype genotype) =>
        genotype.ToOps().Count(op => op is Nb201Operation.NorConv1x1 or Nb201Operation.NorConv3x3);

    /// <summary><paramref name="count"/> distinct architectures, stratum by stratum (0 convolutions first), each stratum in index order.</summary>
    public static IReadOnlyList<Nb201Genotype> StratifiedByConvolutions(int count, int seed)
    {
        const int strata = Nb201Genotype.EdgeCount + 1;
        if (count < strata || count > 64 * strata)
        {
            throw new ArgumentException($"ArchitectureSample: the sample size must be in {strata}..{64 * strata} (each of the {strata} strata needs at least one, the smallest holds 64), got {count}.");
        }

        var random = new Random(seed);
        var byCount = Nb201Space.Instance.Enumerate().GroupBy(ConvolutionCount).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
        var sample = new List<Nb201Genotype>(count);
        for (var k = 0; k < strata; k++)
        {
            var members = byCount[k];
            random.Shuffle(members);
            var take = (count / strata) + (k < count % strata ? 1 : 0);
            sample.AddRange(members.Take(take).Order());
        }

        return sample;
    }
}
