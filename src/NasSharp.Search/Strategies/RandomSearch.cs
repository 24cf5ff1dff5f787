using NasSharp.Search.Spaces;

namespace NasSharp.Search.Strategies;

/// <summary>
/// Random search: every proposal is a uniform sample of the space, with replacement (a genotype may
/// come twice and each query counts). The honest baseline for every NAS method at equal budget
/// (Li &amp; Talwalkar, UAI 2019; Yu et al., ICLR 2020; the NB201 paper's "RS").
/// </summary>
public sealed class RandomSearch<TGenotype> : ISearchStrategy<TGenotype>
{
    private readonly ISearchSpace<TGenotype> space;
    private readonly Random random;

    public RandomSearch(ISearchSpace<TGenotype> space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        this.space = space;
        random = new Random(seed);
    }

    public TGenotype Ask() => space.Sample(random);

    public void Tell(TGenotype genotype, double score)
    {
        // Random search does not learn; the loop keeps the best.
    }
}
