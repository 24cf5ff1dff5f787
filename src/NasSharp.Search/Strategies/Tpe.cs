using NasSharp.Search.Spaces;

namespace NasSharp.Search.Strategies;

/// <summary>
/// Tree-structured Parzen estimator (Bergstra, Bardenet, Bengio, Kégl, "Algorithms for
/// hyper-parameter optimization", NeurIPS 2011) for independent categorical decisions. After
/// <c>startupTrials</c> uniform samples, the observations are split into the best
/// <c>ceil(goodFraction * n)</c> ("good", density l) and the rest ("bad", density g); each density is a
/// product over decisions of smoothed categorical frequencies (a uniform prior of total weight
/// <c>priorWeight</c> plus one per observation, as hyperopt does); <c>candidates</c> genotypes are drawn
/// from l and the one maximizing l(x) / g(x) is proposed: under the TPE model that maximizes the
/// expected improvement (section 4 of the paper). Deviation, documented: a candidate already evaluated
/// is passed over for the best unseen one when any candidate is unseen, since re-querying a table
/// teaches nothing (every query is still charged by the loop).
/// Defaults: 20 startup trials and 24 candidates (hyperopt's), good fraction 0.1 (Optuna's).
/// </summary>
public sealed class Tpe<TGenotype> : ISearchStrategy<TGenotype>
    where TGenotype : notnull
{
    private readonly ICategoricalSpace<TGenotype> space;
    private readonly Random random;
    // Observations sorted by score, best first; equal scores keep the order they were told in.
    private readonly List<(int[] Decisions, double Score)> ranked = [];
    private readonly HashSet<TGenotype> seen = [];
    private readonly double goodFraction;
    private readonly double priorWeight;

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seed of the strategy's own random stream.</param>
    /// <param name="startupTrials">Uniform samples before the model is used (at least 2).</param>
    /// <param name="candidates">Samples from l per proposal.</param>
    /// <param name="goodFraction">Fraction of observations that form the "good" density, in (0, 1).</param>
    /// <param name="priorWeight">Total weight of the uniform prior in each categorical, &gt; 0.</param>
    public Tpe(ICategoricalSpace<TGenotype> space, int seed, int startupTrials = 20, int candidates = 24, double goodFraction = 0.1, double priorWeight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(startupTrials, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        if (goodFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(goodFraction), goodFraction, "Tpe: good fraction must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorWeight);
        this.space = space;
        random = new Random(seed);
        StartupTrials = startupTrials;
        Candidates = candidates;
        this.goodFraction = goodFraction;
        this.priorWeight = priorWeight;
    }

    public int StartupTrials { get; }

    public int Candidates { get; }

    public TGenotype Ask()
    {
        if (ranked.Count < StartupTrials)
        {
            return space.Sample(random);
        }

        var (good, bad) = Densities();
        TGenotype best = default!;
        var bestValue = double.NegativeInfinity;
        var bestSeen = true;
        for (var c = 0; c < Candidates; c++)
        {
            var decisions = new int[good.Length];
            var value = 0.0;
            for (var d = 0; d < decisions.Length; d++)
            {
                decisions[d] = Categorical.Sample(good[d], random.NextDouble());
                value += Math.Log(good[d][decisions[d]]) - Math.Log(bad[d][decisions[d]]);
            }

            var candidate = space.FromDecisions(decisions);
            var candidateSeen = seen.Contains(candidate);
            if ((bestSeen && !candidateSeen) || (bestSeen == candidateSeen && value > bestValue))
            {
                (best, bestValue, bestSeen) = (candidate, value, candidateSeen);
            }
        }

        return best;
    }

    public void Tell(TGenotype genotype, double score)
    {
        var position = ranked.Count;
        while (position > 0 && ranked[position - 1].Score < score)
        {
            position--;
        }

        ranked.Insert(position, (space.ToDecisions(genotype), score));
        seen.Add(genotype);
    }

    // Per-decision categorical probabilities of the good and the bad observations.
    private (double[][] Good, double[][] Bad) Densities()
    {
        var goodCount = Math.Max(1, (int)Math.Ceiling(goodFraction * ranked.Count));
        var choices = space.Choices;
        var good = new double[choices.Count][];
        var bad = new double[choices.Count][];
        for (var d = 0; d < choices.Count; d++)
        {
            good[d] = Frequencies(0, goodCount, d, choices[d]);
            bad[d] = Frequencies(goodCount, ranked.Count, d, choices[d]);
        }

        return (good, bad);
    }

    // Smoothed frequencies of one decision over ranked[from..to).
    private double[] Frequencies(int from, int to, int decision, int options)
    {
        var p = new double[options];
        Array.Fill(p, priorWeight / options);
        for (var i = from; i < to; i++)
        {
            p[ranked[i].Decisions[decision]] += 1.0;
        }

        var total = priorWeight + (to - from);
        for (var k = 0; k < options; k++)
        {
            p[k] /= total;
        }

        return p;
    }
}
