using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;

namespace NasSharp.Search.FewShot;

/// <summary>
/// The architectures a ground truth is measured on. NAS-Bench-201: a fixed, seeded sample stratified by the
/// number of convolutions in the cell (0 to 6, the property that moves accuracy most), with equal allocation:
/// each of the seven strata gets <c>count / 7</c> architectures (the first <c>count % 7</c> strata one more), drawn
/// uniformly without replacement. Equal allocation over-represents the rare all-convolution cells relative to
/// uniform sampling, so the ranking is tested across the whole accuracy range rather than mostly in the
/// crowded middle (4,860 of the 15,625 cells have two convolutions, 64 have six). The chain space:
/// <see cref="StratifiedByFirstLayer"/>.
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

    /// <summary>
    /// <paramref name="count"/> distinct chain architectures of <paramref name="layers"/> layers, stratified by the block
    /// of layer 0 with equal allocation (<c>count / 4</c> each, the first <c>count % 4</c> blocks one more), the other
    /// layers drawn uniformly; block 3x3 first, each stratum in draw order.
    /// </summary>
    /// <remarks>
    /// Why stratified by layer 0: it is the row the chain's few-shot split fixes (one sub-supernet per block of layer 0,
    /// as NB201's split fixes edge 0), so every sub-supernet owns the same share of the sample and the few-shot ranking
    /// is tested as much inside each sub-supernet as across them; a plain uniform sample of 32 leaves some sub-supernet
    /// with 4 architectures or fewer about one time in four (27% by simulation). No property of the chain moves accuracy as the convolution count
    /// moves NB201's, so nothing else is stratified. Draws are by rejection of repeats (no enumeration), so the sample
    /// works for any depth.
    /// </remarks>
    public static IReadOnlyList<ChainGenotype> StratifiedByFirstLayer(int layers, int count, int seed)
    {
        var strata = ChainGenotype.ChoiceCount;
        var perStratum = layers > 1 ? Math.Pow(strata, layers - 1) : 1;
        if (layers < 1 || count < strata || count > strata * perStratum)
        {
            throw new ArgumentException(FormattableString.Invariant($"ArchitectureSample: the chain sample size must be in {strata}..{strata * perStratum:0} (each of the {strata} blocks of layer 0 needs at least one; {layers} layers), got {count}."));
        }

        var random = new Random(seed);
        var sample = new List<ChainGenotype>(count);
        for (var k = 0; k < strata; k++)
        {
            var take = (count / strata) + (k < count % strata ? 1 : 0);
            var drawn = new HashSet<ChainGenotype>();
            while (drawn.Count < take)
            {
                var choices = new ChainChoice[layers];
                choices[0] = (ChainChoice)k;
                for (var l = 1; l < layers; l++)
                {
                    choices[l] = (ChainChoice)random.Next(strata);
                }

                var genotype = new ChainGenotype(choices);
                if (drawn.Add(genotype))
                {
                    sample.Add(genotype);
                }
            }
        }

        return sample;
    }
}
