namespace NasSharp.Search.Evaluation;

/// <summary>Scores a genotype: a table lookup, a supernet with inherited weights, or training from scratch.</summary>
public interface IEvaluator<TGenotype>
{
    /// <summary>Evaluates <paramref name="genotype"/>. Deterministic for table lookups.</summary>
    EvaluationResult Evaluate(TGenotype genotype);
}
