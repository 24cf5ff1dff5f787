using NasSharp.Search.Spaces;

namespace NasSharp.Search.Strategies;

/// <summary>
/// Local search with random restarts (White, Nolen, Savani, "Exploring the loss landscape in neural
/// architecture search", UAI 2021): evaluate <c>initialSamples</c> uniform samples and start from the
/// best; visit the current genotype's neighbours (<see cref="ISearchSpace{TGenotype}.Neighbours"/>) in a
/// random order and move to the FIRST one that scores higher (first improvement: cheaper in queries than
/// the paper's best improvement, same local optima); when no neighbour improves, the current genotype is
/// a local optimum and the search restarts from a new uniform sample. Scores already seen are reused
/// without asking again, so the loop is charged only for new genotypes (restart samples excepted).
/// </summary>
public sealed class LocalSearch<TGenotype> : ISearchStrategy<TGenotype>
    where TGenotype : notnull
{
    private readonly ISearchSpace<TGenotype> space;
    private readonly Random random;
    private readonly Dictionary<TGenotype, double> seen = [];
    private readonly Queue<TGenotype> pending = new();
    private TGenotype current = default!;
    private double currentScore = double.NegativeInfinity;
    private bool hasCurrent;
    private bool restarting;
    private int initialTold;

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seed of the strategy's own random stream.</param>
    /// <param name="initialSamples">Uniform samples before the first climb (at least 1).</param>
    public LocalSearch(ISearchSpace<TGenotype> space, int seed, int initialSamples = 10)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialSamples, 1);
        this.space = space;
        random = new Random(seed);
        InitialSamples = initialSamples;
    }

    public int InitialSamples { get; }

    public TGenotype Ask()
    {
        if (initialTold < InitialSamples)
        {
            return space.Sample(random);
        }

        while (pending.TryDequeue(out var neighbour))
        {
            if (!seen.TryGetValue(neighbour, out var known))
            {
                return neighbour;
            }

            if (known > currentScore)
            {
                MoveTo(neighbour, known);
            }
        }

        // Local optimum: restart from a fresh sample, preferring one not seen yet.
        restarting = true;
        return FreshSample();
    }

    public void Tell(TGenotype genotype, double score)
    {
        seen[genotype] = score;
        if (initialTold < InitialSamples)
        {
            initialTold++;
            if (!hasCurrent || score > currentScore)
            {
                current = genotype;
                currentScore = score;
                hasCurrent = true;
            }

            if (initialTold == InitialSamples)
            {
                MoveTo(current, currentScore);
            }

            return;
        }

        if (restarting || score > currentScore)
        {
            restarting = false;
            MoveTo(genotype, score);
        }
    }

    private void MoveTo(TGenotype genotype, double score)
    {
        current = genotype;
        currentScore = score;
        pending.Clear();
        var neighbours = space.Neighbours(genotype).ToArray();
        random.Shuffle(neighbours);
        foreach (var n in neighbours)
        {
            pending.Enqueue(n);
        }
    }

    private TGenotype FreshSample()
    {
        var sample = space.Sample(random);
        for (var tries = 0; tries < 100 && seen.ContainsKey(sample); tries++)
        {
            sample = space.Sample(random);
        }

        return sample;
    }
}
