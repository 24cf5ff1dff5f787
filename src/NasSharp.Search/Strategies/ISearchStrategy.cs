namespace NasSharp.Search.Strategies;

/// <summary>
/// A search strategy in ask/tell form: <see cref="Ask"/> proposes the next genotype to evaluate and
/// <see cref="Tell"/> reports its score (higher is better). Single-threaded and deterministic given the
/// seed it was built with. A strategy never charges budget or writes records: <see cref="SearchLoop{TGenotype}"/> does.
/// </summary>
public interface ISearchStrategy<TGenotype>
{
    /// <summary>The next genotype to evaluate. Each Ask is followed by one Tell before the next Ask.</summary>
    TGenotype Ask();

    /// <summary>The search score of a genotype previously returned by <see cref="Ask"/>.</summary>
    void Tell(TGenotype genotype, double score);
}
