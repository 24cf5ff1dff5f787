using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

/// <summary>Shared checks of the strategy sanity tests.</summary>
internal static class StrategyAssert
{
    /// <summary>Runs the strategy on the toy space for <paramref name="budget"/> queries; returns the search result.</summary>
    public static SearchResult<int> Run(ISearchStrategy<int> strategy, ToySpace space, int budget) =>
        new SearchLoop<int>(strategy, space, SearchBudget.Queries(budget)).Run();

    /// <summary>The strategy, built with each of several seeds, finds the toy optimum within the budget.</summary>
    public static void FindsOptimum(Func<ToySpace, int, ISearchStrategy<int>> create, int[] choices, int budget)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var space = new ToySpace(choices);
            var result = Run(create(space, seed), space, budget);
            Assert.True(result.Best == space.Optimum, $"seed {seed}: best {result.Best} (score {result.BestResult.Score}) is not the optimum {space.Optimum} after {budget} queries");
        }
    }

    /// <summary>Same seed gives the same trials; another seed gives different ones.</summary>
    public static void IsDeterministic(Func<ToySpace, int, ISearchStrategy<int>> create)
    {
        int[] choices = [4, 4, 4, 4, 4];
        List<int> Trials(int seed)
        {
            var space = new ToySpace(choices);
            return Run(create(space, seed), space, 60).Trials.Select(t => t.Genotype).ToList();
        }

        Assert.Equal(Trials(3), Trials(3));
        Assert.NotEqual(Trials(3), Trials(4));
    }
}
