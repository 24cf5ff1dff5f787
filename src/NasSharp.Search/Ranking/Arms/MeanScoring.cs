namespace NasSharp.Search.Ranking.Arms;

/// <summary>
/// The mean of several scorings of the same architectures, e.g. a ground truth trained with two seeds: the truth
/// is the mean of the runs (less noisy than either), over the architectures every run scored.
/// </summary>
public static class MeanScoring
{
    /// <summary>The per-architecture mean over <paramref name="scorings"/>, in the first scoring's order.</summary>
    /// <exception cref="ArgumentException">No scoring, or no architecture scored by all of them.</exception>
    public static Scoring Of(IReadOnlyList<Scoring> scorings)
    {
        ArgumentNullException.ThrowIfNull(scorings);
        if (scorings.Count == 0)
        {
            throw new ArgumentException("at least one scoring is needed for a mean", nameof(scorings));
        }

        if (scorings.Count == 1)
        {
            return scorings[0];
        }

        var common = scorings[0].Architectures.Where(a => scorings.All(s => s.TryGetScore(a, out _))).ToList();
        if (common.Count == 0)
        {
            throw new ArgumentException($"no architecture is scored by all of {string.Join(", ", scorings.Select(s => s.Source))}", nameof(scorings));
        }

        var source = $"mean of {string.Join(", ", scorings.Select(s => s.Source))}";
        return new Scoring(source, scorings[0].ScoreName, common.Select(a => KeyValuePair.Create(a, scorings.Average(s => s[a]))));
    }
}
