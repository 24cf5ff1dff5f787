using NasSharp.Search.Strategies;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// What a <see cref="RepeatedSearch{TGenotype}"/> runs: <paramref name="Repeats"/> independent searches with
/// <paramref name="Strategy"/>, each on its own seed derived from <paramref name="Seed"/> (<see cref="SearchSeeds"/>),
/// each stopping at <paramref name="Budget"/>.
/// </summary>
public sealed record RepeatedSearchSettings(StrategyKind Strategy, StrategySettings Strategies, SearchBudget Budget, int Repeats, int Seed)
{
    /// <summary>The seed of repeat <paramref name="repeat"/> (0-based).</summary>
    public int SeedOf(int repeat) => SearchSeeds.Derive(Seed, repeat);
}
