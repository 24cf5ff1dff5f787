namespace NasSharp.Search.Evaluation;

/// <summary>
/// What an evaluator says about one genotype. <paramref name="Score"/> is the search signal the
/// strategy sees (higher is better); <paramref name="Reported"/> is the figure a paper reports for
/// the chosen architecture (for NB201: 200-epoch test accuracy), never shown to the strategy;
/// <paramref name="CostSeconds"/> is the simulated time the evaluation would have taken. A failed evaluation (its
/// training diverged) has <paramref name="Failure"/> set and the score negative infinity: strategies are told the
/// worst possible score, never a chance-level accuracy.
/// </summary>
public readonly record struct EvaluationResult(double Score, double? Reported = null, double? CostSeconds = null, string? Failure = null)
{
    /// <summary>True when the evaluation failed (<see cref="Failure"/> says why).</summary>
    public bool Failed => Failure != null;

    /// <summary>The result of an evaluation that failed for <paramref name="reason"/>.</summary>
    public static EvaluationResult FailedWith(string reason) => new(double.NegativeInfinity, Failure: reason);
}
