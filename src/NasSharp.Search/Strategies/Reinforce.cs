using NasSharp.Search.Spaces;

namespace NasSharp.Search.Strategies;

/// <summary>
/// REINFORCE (Williams, "Simple statistical gradient-following algorithms for connectionist
/// reinforcement learning", 1992) as the NB201 paper (Dong &amp; Yang, ICLR 2020) runs it: an independent
/// categorical distribution (softmax of learned logits) per decision, logits initialised to
/// 1e-3 * N(0, 1); reward = the search score (validation accuracy, in percent); advantage = reward minus
/// a bias-corrected exponential moving average of rewards (momentum 0.9, updated with the current
/// reward first, as in NB201's code); one Adam step (beta 0.9 / 0.999, eps 1e-8) on
/// -log p(genotype) * advantage after every Tell. The learning rate is tuned per task: NB201 picks it
/// from a sweep; <see cref="DefaultLearningRate"/> = 0.05 won ours on NB201 CIFAR-10 (150 queries,
/// 100 repeats, lr in {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5}, judged on the search metric).
/// </summary>
public sealed class Reinforce<TGenotype> : ISearchStrategy<TGenotype>
{
    /// <summary>The default Adam learning rate.</summary>
    public const double DefaultLearningRate = 0.05;

    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly ICategoricalSpace<TGenotype> space;
    private readonly Random random;
    private readonly double[][] logits;
    private readonly double[][] firstMoment;
    private readonly double[][] secondMoment;
    private readonly double baselineMomentum;
    private double baselineNumerator;
    private double baselineDenominator;
    private int steps;

    /// <param name="space">The space; each decision gets its own categorical distribution.</param>
    /// <param name="seed">Seed of the strategy's own random stream.</param>
    /// <param name="learningRate">Adam learning rate on the logits.</param>
    /// <param name="baselineMomentum">Momentum of the moving-average baseline, in [0, 1).</param>
    public Reinforce(ICategoricalSpace<TGenotype> space, int seed, double learningRate = DefaultLearningRate, double baselineMomentum = 0.9)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (baselineMomentum is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(baselineMomentum), baselineMomentum, "Reinforce: baseline momentum must be in [0, 1).");
        }

        this.space = space;
        random = new Random(seed);
        LearningRate = learningRate;
        this.baselineMomentum = baselineMomentum;
        logits = new double[space.Choices.Count][];
        firstMoment = new double[logits.Length][];
        secondMoment = new double[logits.Length][];
        for (var d = 0; d < logits.Length; d++)
        {
            logits[d] = new double[space.Choices[d]];
            firstMoment[d] = new double[space.Choices[d]];
            secondMoment[d] = new double[space.Choices[d]];
            for (var k = 0; k < logits[d].Length; k++)
            {
                logits[d][k] = 1e-3 * StandardNormal(random);
            }
        }
    }

    public double LearningRate { get; }

    /// <summary>The current probabilities of decision <paramref name="decision"/>.</summary>
    public double[] Probabilities(int decision) => Categorical.Softmax(logits[decision]);

    public TGenotype Ask()
    {
        var decisions = new int[logits.Length];
        for (var d = 0; d < decisions.Length; d++)
        {
            decisions[d] = Categorical.Sample(Categorical.Softmax(logits[d]), random.NextDouble());
        }

        return space.FromDecisions(decisions);
    }

    public void Tell(TGenotype genotype, double score)
    {
        if (double.IsNegativeInfinity(score))
        {
            // A failed trial: no finite reward to learn from, and it must not poison the moving-average baseline.
            return;
        }

        baselineNumerator = (baselineMomentum * baselineNumerator) + ((1 - baselineMomentum) * score);
        baselineDenominator = (baselineMomentum * baselineDenominator) + (1 - baselineMomentum);
        var advantage = score - (baselineNumerator / baselineDenominator);

        var decisions = space.ToDecisions(genotype);
        steps++;
        for (var d = 0; d < logits.Length; d++)
        {
            var p = Categorical.Softmax(logits[d]);
            for (var k = 0; k < p.Length; k++)
            {
                // d(-log p_chosen * A) / d logit_k = -(1[k = chosen] - p_k) * A.
                var gradient = -((k == decisions[d] ? 1.0 : 0.0) - p[k]) * advantage;
                AdamStep(d, k, gradient);
            }
        }
    }

    private void AdamStep(int d, int k, double gradient)
    {
        firstMoment[d][k] = (Beta1 * firstMoment[d][k]) + ((1 - Beta1) * gradient);
        secondMoment[d][k] = (Beta2 * secondMoment[d][k]) + ((1 - Beta2) * gradient * gradient);
        var mHat = firstMoment[d][k] / (1 - Math.Pow(Beta1, steps));
        var vHat = secondMoment[d][k] / (1 - Math.Pow(Beta2, steps));
        logits[d][k] -= LearningRate * mHat / (Math.Sqrt(vHat) + Epsilon);
    }

    // Box-Muller; only used for the tiny initial logits.
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
