using System.Text.Json.Serialization;

namespace NasSharp.Cli;

/// <summary>What the end-to-end few-shot run reports: written to summary.json and, with --json, printed as the last line.</summary>
internal sealed record FewShotSummary(
    string Dataset,
    int Channels,
    int CellsPerStage,
    int TrainImages,
    int ValidationImages,
    int TestImages,
    int OneShotEpochs,
    int SplitEdge,
    int SubSupernets,
    int SplitEpochs,
    string Strategy,
    int Queries,
    int DistinctEvaluated,
    [property: JsonPropertyName("genotype")] string BestGenotype,
    double SupernetScore,
    int FinalEpochs,
    double TestAccuracy,
    double ValidationAccuracy,
    double SupernetSeconds,
    double SearchSeconds,
    double FinalSeconds,
    double TotalSeconds,
    string SupernetDirectory,
    string RunDirectory);
