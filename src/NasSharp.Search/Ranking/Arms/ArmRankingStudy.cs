namespace NasSharp.Search.Ranking.Arms;

/// <summary>
/// A ranking experiment with statistical power (few-shot NAS evidence, issue 17): several arms (ways of scoring
/// architectures, e.g. one-shot and few-shot supernets of equal budget), each with several seeds, against one truth
/// (the mean of one or more stand-alone training runs). Reports per seed Kendall tau-b, Spearman rho and top-k
/// overlap; per arm their mean and spread; each arm minus the baseline with a paired bootstrap interval over
/// architectures and seeds; the truth's own seed-to-seed agreement as the ceiling; and where searches' picks stand in
/// the truth. Zhao et al. (2021) make their few-shot claim in these terms: rank correlation with the truth
/// (NAS-Bench-201: tau 0.50 one-shot vs 0.61 few-shot) and the quality of the architectures found.
/// </summary>
public static class ArmRankingStudy
{
    /// <summary>Runs the study.</summary>
    /// <param name="truthRuns">Stand-alone runs of the truth; their per-architecture mean is the truth.</param>
    /// <param name="arms">At least one arm; all with the same number of seeds when they are compared.</param>
    /// <param name="baseline">Name of the arm the others are compared with (default: the first).</param>
    /// <param name="topK">k of the top-k overlap.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <param name="picks">Architectures searches picked, per arm (may be empty).</param>
    /// <param name="pickTruth">Truth scores of the picks (trained with the truth's recipe); needed when picks are given.</param>
    /// <exception cref="ArgumentException">Bad input, named.</exception>
    public static ArmRankingReport Compute(
        IReadOnlyList<Scoring> truthRuns,
        IReadOnlyList<RankingArm> arms,
        string? baseline,
        int topK,
        int resamples,
        int seed,
        IReadOnlyList<(string Arm, IReadOnlyList<string> Genotypes)> picks,
        Scoring? pickTruth)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(picks);
        if (arms.Count == 0)
        {
            throw new ArgumentException("give at least one arm");
        }

        if (arms.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != arms.Count)
        {
            throw new ArgumentException($"arm names must differ: {string.Join(", ", arms.Select(a => a.Name))}");
        }

        if (arms.FirstOrDefault(a => a.Seeds.Count == 0) is { } empty)
        {
            throw new ArgumentException($"arm {empty.Name} has no scoring");
        }

        var baselineArm = baseline is null ? arms[0] : arms.FirstOrDefault(a => a.Name == baseline)
            ?? throw new ArgumentException($"--baseline {baseline} is not an arm (arms: {string.Join(", ", arms.Select(a => a.Name))})");
        var truth = MeanScoring.Of(truthRuns);
        var common = truth.Architectures.Where(x => arms.All(a => a.Seeds.All(s => s.TryGetScore(x, out _)))).ToList();
        if (common.Count < 3)
        {
            throw new ArgumentException($"only {common.Count} of the truth's {truth.Count} architectures are scored by every arm's every seed; rank statistics need at least 3");
        }

        if (topK < 1 || topK > common.Count)
        {
            throw new ArgumentException($"--top-k {topK} is outside 1..{common.Count} (the architectures every scoring covers)");
        }

        var truthValues = common.Select(x => truth[x]).ToArray();
        var seeds = new List<SeedRanking>();
        var values = new Dictionary<string, double[][]>(StringComparer.Ordinal);
        foreach (var arm in arms)
        {
            values[arm.Name] = arm.Seeds.Select(s => common.Select(x => s[x]).ToArray()).ToArray();
            for (var i = 0; i < arm.Seeds.Count; i++)
            {
                var scores = values[arm.Name][i];
                var overlap = TopKOverlap.Compute(common, truthValues, scores, topK);
                seeds.Add(new SeedRanking(arm.Name, i, arm.Seeds[i].Source, KendallTau.TauB(truthValues, scores), Spearman.Rho(truthValues, scores), topK, overlap.Common));
            }
        }

        var summaries = arms.Select(a => Summarise(a.Name, seeds.Where(s => s.Arm == a.Name).ToList())).ToList();
        var differences = arms.Where(a => a != baselineArm)
            .Select(a => PairedBootstrap.Difference(truthValues, values[baselineArm.Name], values[a.Name], (a.Name, baselineArm.Name), resamples, seed))
            .ToList();
        var (ceiling, ceilingRho) = Ceiling(truthRuns, common);
        return new ArmRankingReport(truth.Source, common.Count, ceiling, ceilingRho, seeds, summaries, differences, RankPicks(truth, common, picks, pickTruth));
    }

    private static ArmSummary Summarise(string arm, List<SeedRanking> seeds) => new(
        arm,
        seeds.Count,
        seeds.Average(s => s.KendallTauB),
        StandardDeviation(seeds.Select(s => s.KendallTauB)),
        seeds.Average(s => s.SpearmanRho),
        StandardDeviation(seeds.Select(s => s.SpearmanRho)),
        seeds.Average(s => (double)s.TopKCommon));

    /// <summary>Sample standard deviation (n - 1), 0 for a single value.</summary>
    internal static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2)
        {
            return 0;
        }

        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }

    // Mean tau-b and rho over every pair of truth runs, on the architectures the study uses.
    private static (double? Tau, double? Rho) Ceiling(IReadOnlyList<Scoring> runs, IReadOnlyList<string> common)
    {
        if (runs.Count < 2)
        {
            return (null, null);
        }

        var covered = common.Where(x => runs.All(r => r.TryGetScore(x, out _))).ToList();
        var (tau, rho, pairs) = (0.0, 0.0, 0);
        for (var i = 0; i < runs.Count; i++)
        {
            for (var j = i + 1; j < runs.Count; j++)
            {
                var (a, b) = (covered.Select(x => runs[i][x]).ToArray(), covered.Select(x => runs[j][x]).ToArray());
                tau += KendallTau.TauB(a, b);
                rho += Spearman.Rho(a, b);
                pairs++;
            }
        }

        return (tau / pairs, rho / pairs);
    }

    private static List<PickRank> RankPicks(Scoring truth, IReadOnlyList<string> sample, IReadOnlyList<(string Arm, IReadOnlyList<string> Genotypes)> picks, Scoring? pickTruth)
    {
        var ranks = new List<PickRank>();
        if (picks.Count == 0)
        {
            return ranks;
        }

        if (pickTruth is null)
        {
            throw new ArgumentException("picks need their truth: train them with the truth's recipe and pass the tables (--pick-truth)");
        }

        var sampleScores = sample.Select(x => truth[x]).ToArray();
        foreach (var (arm, genotypes) in picks)
        {
            for (var run = 0; run < genotypes.Count; run++)
            {
                var genotype = genotypes[run];
                if (!pickTruth.TryGetScore(genotype, out var score) && !truth.TryGetScore(genotype, out score))
                {
                    throw new ArgumentException($"pick {genotype} of arm {arm} has no truth score in {pickTruth.Source}; train it with the truth's recipe");
                }

                var higher = sampleScores.Count(s => s > score);
                var lower = sampleScores.Count(s => s < score);
                ranks.Add(new PickRank(arm, run, genotype, score, higher + 1, sampleScores.Length, 100.0 * lower / sampleScores.Length));
            }
        }

        return ranks;
    }
}
