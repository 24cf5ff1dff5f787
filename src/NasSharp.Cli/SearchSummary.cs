using System.Text.Json.Serialization;

namespace NasSharp.Cli;

/// <summary>What <c>nas search</c> reports: written to summary.json and, with --json, printed as the last line.</summary>
internal sealed record SearchSummary(
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
    [property: JsonPropertyName("genotype")] string BestGenotype,
    double BestSearch,
    double? BestReport,
    double SearchSeconds,
    string RunDirectory);
