using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Strategies;

/// <summary>One evaluation made by a <see cref="SearchLoop{TGenotype}"/>.</summary>
/// <param name="Number">1-based position in the search.</param>
/// <param name="Genotype">What was evaluated.</param>
/// <param name="Result">The evaluator's answer.</param>
/// <param name="ElapsedSeconds">Simulated seconds spent so far, this trial included (0 without costs).</param>
/// <param name="BestScore">Best search score so far, this trial included.</param>
public sealed record SearchTrial<TGenotype>(int Number, TGenotype Genotype, EvaluationResult Result, double ElapsedSeconds, double BestScore);
