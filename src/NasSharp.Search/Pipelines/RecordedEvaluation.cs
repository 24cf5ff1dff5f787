using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// A trial that finished in an earlier, interrupted run of the same search: the genotype's text form as recorded and
/// the evaluator's answer. On resume it is told to the strategy in place of evaluating again.
/// </summary>
public sealed record RecordedEvaluation(string Genotype, EvaluationResult Result);
