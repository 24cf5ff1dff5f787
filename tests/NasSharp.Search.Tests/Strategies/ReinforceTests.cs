using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public class ReinforceTests
{
    [Fact]
    public void Reinforce_ToySpace_FindsOptimum() =>
        StrategyAssert.FindsOptimum((space, seed) => new Reinforce<int>(space, seed), [4, 4, 4, 4, 4, 4], 400);

    [Fact]
    public void Reinforce_SameSeed_SameTrials() =>
        StrategyAssert.IsDeterministic((space, seed) => new Reinforce<int>(space, seed));

    [Fact]
    public void Tell_RewardAboveBaseline_RaisesProbabilityOfChosenOptions()
    {
        var space = new ToySpace([3, 3]);
        var reinforce = new Reinforce<int>(space, seed: 0, learningRate: 0.1);
        var good = space.FromDecisions([2, 0]);
        var bad = space.FromDecisions([0, 1]);
        var before = reinforce.Probabilities(0)[2];
        for (var i = 0; i < 20; i++)
        {
            reinforce.Tell(bad, 1.0);
            reinforce.Tell(good, 2.0);
        }

        Assert.True(reinforce.Probabilities(0)[2] > before + 0.2, $"p(option 2) went from {before} to {reinforce.Probabilities(0)[2]}");
        Assert.True(reinforce.Probabilities(1)[0] > reinforce.Probabilities(1)[1]);
        Assert.Equal(1.0, reinforce.Probabilities(0).Sum(), 12);
    }

    [Fact]
    public void Constructor_BadHyperparameters_Throw()
    {
        var space = new ToySpace([3, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Reinforce<int>(space, 0, learningRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Reinforce<int>(space, 0, baselineMomentum: 1.0));
    }
}
