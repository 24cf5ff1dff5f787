namespace NasSharp.Search.Ranking.Arms;

/// <summary>
/// Paired bootstrap of the difference in ranking quality between two arms scored against one truth (Efron &amp;
/// Tibshirani 1993, percentile interval). Each resample draws the architectures with replacement (the sample of
/// architectures is the main source of uncertainty of a rank correlation over 64 items) and the seeds with
/// replacement, keeping seed i of one arm paired with seed i of the other (both arms see the same architectures and
/// the same seed draw), and recomputes mean tau-b and mean rho of each arm. Ties created by repeated architectures
/// are handled by tau-b's tie correction and by the average ranks of rho.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>Resamples when none is given: the 2.5th/97.5th percentiles are stable to about 0.005 at 10,000.</summary>
    public const int DefaultResamples = 10_000;

    /// <summary>
    /// <paramref name="arm"/> minus <paramref name="baseline"/>: observed differences and their bootstrap intervals.
    /// </summary>
    /// <param name="truth">Truth values, one per architecture.</param>
    /// <param name="baseline">Baseline arm: [seed][architecture], aligned with <paramref name="truth"/>.</param>
    /// <param name="arm">Compared arm, the same shape and seed order.</param>
    /// <param name="names">(arm, baseline) names for the result.</param>
    /// <param name="resamples">Bootstrap resamples (at least 100).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <exception cref="ArgumentException">Shapes differ, fewer than 3 architectures, or too few resamples.</exception>
    public static ArmDifference Difference(double[] truth, double[][] baseline, double[][] arm, (string Arm, string Baseline) names, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(arm);
        if (baseline.Length == 0 || baseline.Length != arm.Length)
        {
            throw new ArgumentException($"arm {names.Arm} has {arm.Length} seeds and {names.Baseline} {baseline.Length}; a paired comparison needs the same number (at least 1)");
        }

        if (truth.Length < 3 || baseline.Concat(arm).Any(s => s.Length != truth.Length))
        {
            throw new ArgumentException($"every scoring must cover the truth's {truth.Length} architectures (at least 3)");
        }

        if (resamples < 100)
        {
            throw new ArgumentException($"--resamples must be at least 100, got {resamples}");
        }

        var (tau, rho) = MeanDifference(truth, baseline, arm, Identity(truth.Length), Identity(arm.Length));
        var random = new Random(seed);
        var tauDraws = new double[resamples];
        var rhoDraws = new double[resamples];
        var architectures = new int[truth.Length];
        var seeds = new int[arm.Length];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < architectures.Length; i++)
            {
                architectures[i] = random.Next(truth.Length);
            }

            for (var s = 0; s < seeds.Length; s++)
            {
                seeds[s] = random.Next(arm.Length);
            }

            (tauDraws[r], rhoDraws[r]) = MeanDifference(truth, baseline, arm, architectures, seeds);
        }

        var positive = tauDraws.Count(d => d > 0) / (double)resamples;
        Array.Sort(tauDraws);
        Array.Sort(rhoDraws);
        return new ArmDifference(names.Arm, names.Baseline, tau, Percentile(tauDraws, 0.025), Percentile(tauDraws, 0.975), positive,
            rho, Percentile(rhoDraws, 0.025), Percentile(rhoDraws, 0.975), resamples);
    }

    // Mean over the drawn seeds of (arm - baseline) for tau-b and rho over the drawn architectures. A resample whose
    // truth or scores are all tied has no correlation; it counts as no difference (it cannot favour either arm).
    private static (double Tau, double Rho) MeanDifference(double[] truth, double[][] baseline, double[][] arm, int[] architectures, int[] seeds)
    {
        var t = Pick(truth, architectures);
        double tau = 0, rho = 0;
        foreach (var s in seeds)
        {
            var (a, b) = (Pick(baseline[s], architectures), Pick(arm[s], architectures));
            tau += ZeroIfUndefined(KendallTau.TauB(t, b)) - ZeroIfUndefined(KendallTau.TauB(t, a));
            rho += ZeroIfUndefined(Spearman.Rho(t, b)) - ZeroIfUndefined(Spearman.Rho(t, a));
        }

        return (tau / seeds.Length, rho / seeds.Length);
    }

    private static double ZeroIfUndefined(double value) => double.IsNaN(value) ? 0 : value;

    private static double[] Pick(double[] values, int[] indices)
    {
        var picked = new double[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            picked[i] = values[indices[i]];
        }

        return picked;
    }

    private static int[] Identity(int n) => Enumerable.Range(0, n).ToArray();

    // Linear interpolation between order statistics (the usual "type 7" definition).
    private static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
