using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public class RegularizedEvolutionTests
{
    [Fact]
    public void RegularizedEvolution_ToySpace_FindsOptimum() =>
        StrategyAssert.FindsOptimum((space, seed) => new RegularizedEvolution<int>(space, seed), [4, 4, 4, 4, 4, 4], 500);

    [Fact]
    public void RegularizedEvolution_SameSeed_SameTrials() =>
        StrategyAssert.IsDeterministic((space, seed) => new RegularizedEvolution<int>(space, seed));

    [Fact]
    public void Tell_MoreThanP_OldestDiesWhateverItsScore()
    {
        var space = new ToySpace([4, 4]);
        var rea = new RegularizedEvolution<int>(space, seed: 0, populationSize: 3, sampleSize: 2);
        rea.Tell(1, 100.0);
        rea.Tell(2, 1.0);
        rea.Tell(3, 2.0);
        rea.Tell(4, 3.0);
        Assert.Equal(new[] { 2, 3, 4 }, rea.Members().Select(m => m.Genotype));
        rea.Tell(5, 0.5);
        Assert.Equal(new[] { 3, 4, 5 }, rea.Members().Select(m => m.Genotype));
    }

    [Fact]
    public void Ask_AfterPopulation_ProposesOneMutationOfAMember()
    {
        var space = new ToySpace([4, 4, 4, 4, 4]);
        var rea = new RegularizedEvolution<int>(space, seed: 5, populationSize: 10, sampleSize: 3);
        for (var i = 0; i < 10; i++)
        {
            var g = rea.Ask();
            rea.Tell(g, space.Evaluate(g).Score);
        }

        for (var i = 0; i < 50; i++)
        {
            var members = rea.Members().Select(m => m.Genotype).ToList();
            var child = rea.Ask();
            Assert.Contains(members, m => Differences(space, m, child) == 1);
            rea.Tell(child, space.Evaluate(child).Score);
        }
    }

    [Fact]
    public void Ask_TournamentOfWholePopulation_MutatesTheBest()
    {
        // With S much larger than P every member is drawn, so the parent is the best member.
        var space = new ToySpace([4, 4, 4, 4, 4]);
        var rea = new RegularizedEvolution<int>(space, seed: 2, populationSize: 2, sampleSize: 64);
        rea.Ask();
        rea.Ask();
        rea.Tell(0, 5.0);
        rea.Tell(1023, 9.0);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1, Differences(space, 1023, rea.Ask()));
        }
    }

    private static int Differences(ToySpace space, int a, int b) =>
        space.ToDecisions(a).Zip(space.ToDecisions(b)).Count(p => p.First != p.Second);
}
