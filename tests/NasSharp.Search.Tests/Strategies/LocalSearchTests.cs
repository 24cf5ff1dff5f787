using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public class LocalSearchTests
{
    [Fact]
    public void LocalSearch_ToySpace_FindsOptimum() =>
        StrategyAssert.FindsOptimum((space, seed) => new LocalSearch<int>(space, seed), [4, 4, 4, 4, 4, 4], 200);

    [Fact]
    public void LocalSearch_SameSeed_SameTrials() =>
        StrategyAssert.IsDeterministic((space, seed) => new LocalSearch<int>(space, seed));

    [Fact]
    public void LocalSearch_Climb_NeverAsksAKnownGenotypeAgain()
    {
        var space = new ToySpace([4, 4, 4, 4, 4, 4]);
        var result = StrategyAssert.Run(new LocalSearch<int>(space, seed: 1, initialSamples: 3), space, 150);
        var asked = result.Trials.Select(t => t.Genotype).ToList();
        Assert.Equal(asked.Count, asked.Distinct().Count());
    }

    [Fact]
    public void LocalSearch_AtLocalOptimum_Restarts()
    {
        // A 2-option, 3-decision space is climbed to its optimum within 10 queries; the rest are restarts.
        var space = new ToySpace([2, 2, 2]);
        var result = StrategyAssert.Run(new LocalSearch<int>(space, seed: 0, initialSamples: 1), space, 30);
        Assert.Equal(space.Optimum, result.Best);
        Assert.Equal(30, result.Queries);
    }
}
