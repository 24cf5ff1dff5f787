namespace NasSharp.Search.Evaluation;

/// <summary>
/// What an evaluator says about one genotype. <paramref name="Score"/> is the search signal the
/// strategy sees (higher is better); <paramref name="Reported"/> is the figure a paper reports for
/// the chosen architecture (for NB201: 200-epoch test accuracy), never shown to the strategy;
/// <paramref name="CostSeconds"/> is the simulated time the evaluation would have taken.
/// </summary>
public readonly record struct EvaluationResult(double Score, double? Reported = null, double? CostSeconds = null);
