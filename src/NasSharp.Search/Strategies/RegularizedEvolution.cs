using NasSharp.Search.Spaces;

namespace NasSharp.Search.Strategies;

/// <summary>
/// Regularized (aging) evolution, Real et al., "Regularized Evolution for Image Classifier Architecture
/// Search", AAAI 2019, Algorithm 1: the first <c>P</c> proposals are uniform samples; afterwards each
/// proposal is a mutation (<see cref="ISearchSpace{TGenotype}.Mutate"/>: one decision changed to a
/// different option) of the best of <c>S</c> members drawn uniformly, with replacement, from the
/// population; each told child joins the population and the OLDEST member dies (not the worst).
/// Defaults P = 10, S = 3 are those of the NB201 paper. Children may repeat earlier genotypes; each is
/// a query, as in NB201's reference code.
/// <para>
/// Real et al. ran it asynchronously (many workers, each taking the current population, mutating a tournament winner
/// and training the child); so may this class: it accepts several Asks before their Tells
/// (<see cref="AcceptsConcurrentAsks"/>). After the first P samples, an Ask holds its tournament among the members told
/// so far (a uniform sample while none is told yet), and each Tell adds its child, so with K evaluations in flight the population lags K - 1 children behind, as a
/// worker's does in the paper. Deviation: children join in the order they were asked, not as they finish, so a search
/// does not depend on which worker is faster.
/// </para>
/// </summary>
public sealed class RegularizedEvolution<TGenotype> : ISearchStrategy<TGenotype>
{
    private readonly ISearchSpace<TGenotype> space;
    private readonly Random random;
    // Ring buffer in age order: members[(oldest + k) % P] is the k-th oldest.
    private readonly (TGenotype Genotype, double Score)[] members;
    private int oldest;
    private int count;
    private int asked;

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seed of the strategy's own random stream.</param>
    /// <param name="populationSize">P: population size and number of initial random samples.</param>
    /// <param name="sampleSize">S: tournament size, 1 &lt;= S.</param>
    public RegularizedEvolution(ISearchSpace<TGenotype> space, int seed, int populationSize = 10, int sampleSize = 3)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(populationSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        this.space = space;
        random = new Random(seed);
        PopulationSize = populationSize;
        SampleSize = sampleSize;
        members = new (TGenotype, double)[populationSize];
    }

    public int PopulationSize { get; }

    public int SampleSize { get; }

    /// <summary>Always: aging evolution was designed for asynchronous workers (Real et al. 2019).</summary>
    public bool AcceptsConcurrentAsks => true;

    public TGenotype Ask()
    {
        // Asks, not tells, decide the phase, so exactly P random samples are drawn.
        asked++;
        if (asked <= PopulationSize || count == 0)
        {
            return space.Sample(random);
        }

        return space.Mutate(TournamentWinner(), random);
    }

    public void Tell(TGenotype genotype, double score)
    {
        if (count < PopulationSize)
        {
            members[(oldest + count) % PopulationSize] = (genotype, score);
            count++;
            return;
        }

        // Aging: the child replaces the oldest member, whatever its score.
        members[oldest] = (genotype, score);
        oldest = (oldest + 1) % PopulationSize;
    }

    /// <summary>The population, oldest first (for tests and checkpoints).</summary>
    internal IEnumerable<(TGenotype Genotype, double Score)> Members()
    {
        for (var k = 0; k < count; k++)
        {
            yield return members[(oldest + k) % PopulationSize];
        }
    }

    // Best of S uniform draws with replacement; ties go to the earlier draw.
    private TGenotype TournamentWinner()
    {
        var best = members[(oldest + random.Next(count)) % PopulationSize];
        for (var s = 1; s < SampleSize; s++)
        {
            var candidate = members[(oldest + random.Next(count)) % PopulationSize];
            if (candidate.Score > best.Score)
            {
                best = candidate;
            }
        }

        return best.Genotype;
    }
}
