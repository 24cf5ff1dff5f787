using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;

namespace NasSharp.Cli;

/// <summary>The <c>--strategy</c> option over the library's <see cref="StrategyRegistry"/>.</summary>
internal static class SearchStrategies
{
    public static IReadOnlyList<string> Names => StrategyRegistry.Names;

    public static void Validate(string name) => StrategyRegistry.Parse(name);

    public static ISearchStrategy<TGenotype> Create<TGenotype>(ISearchSpace<TGenotype> space, SearchOptions options, int seed)
        where TGenotype : notnull
    {
        ArgumentNullException.ThrowIfNull(options);
        return StrategyRegistry.Create(StrategyRegistry.Parse(options.Strategy), space, new StrategySettings(options.Population, options.SampleSize, options.LearningRate), seed);
    }
}
