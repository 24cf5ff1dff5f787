using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Strategies;

/// <summary>
/// The outcome of one search: the genotype with the highest search score among all trials (the
/// earliest on ties), its evaluation, and how much budget was used.
/// </summary>
public sealed record SearchResult<TGenotype>(TGenotype Best, EvaluationResult BestResult, int Queries, double ElapsedSeconds, IReadOnlyList<SearchTrial<TGenotype>> Trials);
