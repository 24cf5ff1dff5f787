namespace NasSharp.Search.Strategies;

/// <summary>
/// A search strategy in ask/tell form: <see cref="Ask"/> proposes the next genotype to evaluate and
/// <see cref="Tell"/> reports its score (higher is better). Single-threaded and deterministic given the
/// seed it was built with. A strategy never charges budget or writes records: <see cref="SearchLoop{TGenotype}"/> does.
/// </summary>
public interface ISearchStrategy<TGenotype>
{
    /// <summary>
    /// True when the strategy accepts several Asks before their Tells, as an asynchronous search with several
    /// evaluations in flight needs (<see cref="AsynchronousSearchLoop{TGenotype}"/>); Tells still come in Ask order.
    /// False (the default) when each Ask must be told before the next.
    /// </summary>
    bool AcceptsConcurrentAsks => false;

    /// <summary>
    /// The next genotype to evaluate. Each Ask is followed by one Tell before the next Ask, unless
    /// <see cref="AcceptsConcurrentAsks"/>.
    /// </summary>
    TGenotype Ask();

    /// <summary>The search score of a genotype previously returned by <see cref="Ask"/>.</summary>
    void Tell(TGenotype genotype, double score);
}
