using NasSharp.Search.Strategies;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// What a repeated search reports (<c>nas search</c> writes it to summary.json): the settings, the mean and standard
/// deviation over repeats of the chosen architectures' search and reported scores, and the overall best.
/// </summary>
public sealed record RepeatedSearchSummary(
    string Space,
    string Strategy,
    string Dataset,
    string SearchMetric,
    string ReportMetric,
    int Repeats,
    int? Budget,
    double? TimeBudget,
    int Seed,
    double MeanQueries,
    double SearchMean,
    double SearchStd,
    double? ReportMean,
    double? ReportStd,
    [property: System.Text.Json.Serialization.JsonPropertyName("genotype")] string BestGenotype,
    double BestSearch,
    double? BestReport,
    double SearchSeconds,
    string RunDirectory)
{
    /// <summary>
    /// Summarizes <paramref name="results"/>; the overall best is the repeat whose chosen genotype has the highest search
    /// score (earliest on ties). The reported mean is given only when every repeat reported a value.
    /// </summary>
    public static RepeatedSearchSummary Of<TGenotype>(RepeatedSearchDescription d, IReadOnlyList<SearchResult<TGenotype>> results, double seconds, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(results);
        var search = SearchStatistics.Of(results.Select(r => r.BestResult.Score).ToList());
        var reported = results.Where(r => r.BestResult.Reported is not null).Select(r => r.BestResult.Reported!.Value).ToList();
        var report = reported.Count == results.Count ? SearchStatistics.Of(reported) : (SearchStatistics?)null;
        var best = results[0];
        foreach (var r in results)
        {
            best = r.BestResult.Score > best.BestResult.Score ? r : best;
        }

        return new RepeatedSearchSummary(
            d.Space, StrategyRegistry.Name(d.Settings.Strategy), d.Dataset, d.SearchMetric, d.ReportMetric, d.Settings.Repeats, d.Settings.Budget.MaxQueries, d.Settings.Budget.MaxSeconds, d.Settings.Seed,
            results.Average(r => r.Queries), search.Mean, search.Std, report?.Mean, report?.Std,
            best.Best?.ToString() ?? string.Empty, best.BestResult.Score, best.BestResult.Reported, Math.Round(seconds, 4), runDirectory);
    }
}
