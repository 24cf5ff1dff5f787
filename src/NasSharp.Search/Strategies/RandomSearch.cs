using NasSharp.Search.Spaces;

namespace NasSharp.Search.Strategies;

/// <summary>
/// Random search: every proposal is a uniform sample of the space, with replacement (a genotype may
/// come twice and each query counts). The honest baseline for every NAS method at equal budget
/// (Li &amp; Talwalkar, UAI 2019; Yu et al., ICLR 2020; the NB201 paper's "RS"). It ignores what it is told, so any
/// number of asks may be in flight.
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

    /// <summary>Always: proposals never depend on scores.</summary>
    public bool AcceptsConcurrentAsks => true;

    public TGenotype Ask() => space.Sample(random);

    public void Tell(TGenotype genotype, double score)
    {
        // Random search does not learn; the loop keeps the best.
    }
}
