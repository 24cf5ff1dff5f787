using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public class TpeTests
{
    [Fact]
    public void Tpe_ToySpace_FindsOptimum() =>
        StrategyAssert.FindsOptimum((space, seed) => new Tpe<int>(space, seed), [4, 4, 4, 4, 4, 4], 300);

    [Fact]
    public void Tpe_SameSeed_SameTrials() =>
        StrategyAssert.IsDeterministic((space, seed) => new Tpe<int>(space, seed));

    [Fact]
    public void Tpe_AfterStartup_RarelyAsksAGenotypeAgain()
    {
        // Only when all 24 candidates drawn from l are known may TPE re-ask one.
        var space = new ToySpace([4, 4, 4, 4, 4, 4]);
        var result = StrategyAssert.Run(new Tpe<int>(space, seed: 0), space, 120);
        var distinct = result.Trials.Select(t => t.Genotype).Distinct().Count();
        Assert.InRange(distinct, 115, 120);
    }

    [Fact]
    public void Constructor_BadHyperparameters_Throw()
    {
        var space = new ToySpace([3, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tpe<int>(space, 0, startupTrials: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tpe<int>(space, 0, goodFraction: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tpe<int>(space, 0, priorWeight: 0));
    }
}
