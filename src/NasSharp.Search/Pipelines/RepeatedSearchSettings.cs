using NasSharp.Search.Strategies;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// What a <see cref="RepeatedSearch{TGenotype}"/> runs: <paramref name="Repeats"/> independent searches with
/// <paramref name="Strategy"/>, each on its own seed derived from <paramref name="Seed"/> (<see cref="SearchSeeds"/>),
/// each stopping at <paramref name="Budget"/>, with up to <paramref name="InFlight"/> evaluations pending at once (1: the
/// synchronous <see cref="SearchLoop{TGenotype}"/>; more: <see cref="AsynchronousSearchLoop{TGenotype}"/>).
/// </summary>
public sealed record RepeatedSearchSettings(StrategyKind Strategy, StrategySettings Strategies, SearchBudget Budget, int Repeats, int Seed, int InFlight = 1)
{
    /// <summary>The seed of repeat <paramref name="repeat"/> (0-based).</summary>
    public int SeedOf(int repeat) => SearchSeeds.Derive(Seed, repeat);
}
