using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public class RandomSearchTests
{
    [Fact]
    public void RandomSearch_ToySpace_FindsOptimum() =>
        StrategyAssert.FindsOptimum((space, seed) => new RandomSearch<int>(space, seed), [3, 3, 4], 300);

    [Fact]
    public void RandomSearch_SameSeed_SameTrials() =>
        StrategyAssert.IsDeterministic((space, seed) => new RandomSearch<int>(space, seed));
}
