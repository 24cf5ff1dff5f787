using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

public class DifferentiableSearchTests
{
    private static Nb201Supernet Supernet() => new(SearchFixture.Tiny, new FixedPathPolicy(default), new Random(0));

    [Theory]
    [InlineData(DifferentiableMethod.Darts)]
    [InlineData(DifferentiableMethod.DartsSecondOrder)]
    [InlineData(DifferentiableMethod.Gdas)]
    [InlineData(DifferentiableMethod.Snas)]
    [InlineData(DifferentiableMethod.Dsnas)]
    public void Run_EachMethod_RecordsEveryEpochAndMovesAlpha(DifferentiableMethod method)
    {
        var data = SearchFixture.Images(64).DartsHalves();
        var trainer = DifferentiableSearch.CreateTrainer(Supernet(), SearchFixture.Options(method, epochs: 2), 8);
        var initial = trainer.Alpha.ToArray();
        var seen = new List<int>();
        var bilevel = DifferentiableMethods.IsBilevel(method);
        var result = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), bilevel ? SearchFixture.Loader(data.Validation) : null, e => seen.Add(e.Epoch));

        Assert.Equal([0, 1], seen);
        Assert.Equal(2, result.SearchEpochs);
        Assert.False(result.StoppedEarly);
        Assert.All(result.History, h =>
        {
            Assert.True(double.IsFinite(h.TrainLoss) && h.TrainLoss > 0);
            Assert.Equal(bilevel, h.ValidationLoss.HasValue);
            Assert.All(Enumerable.Range(0, 6), e => Assert.Equal(1f, h.Distribution.Probabilities.Skip(e * 5).Take(5).Sum(), 5));
            Assert.True(h.Flops > 0);
        });
        Assert.Equal(result.History[^1].Genotype, result.Genotype);
        Assert.NotEqual(initial, trainer.Alpha.ToArray());
        Assert.Equal(method is DifferentiableMethod.Gdas or DifferentiableMethod.Snas, result.History[0].Temperature.HasValue);
    }

    [Fact]
    public void Run_DartsPlusEarlyStop_StopsAtTheFirstEpochWithEnoughSkipConnections()
    {
        var data = SearchFixture.Images(32).DartsHalves();
        var alpha = Tensor.Zeros(6, 5);
        // Three edges firmly skip, the other three firmly 3x3 convolutions: the derived cell has exactly 3 skips.
        for (var e = 0; e < 6; e++)
        {
            alpha.Data[(e * 5) + (int)(e is 0 or 2 or 5 ? Nb201Operation.SkipConnect : Nb201Operation.NorConv3x3)] = 5f;
        }

        DifferentiableSearchResult Search(int limit)
        {
            var options = SearchFixture.Options(DifferentiableMethod.Darts, epochs: 3) with { EarlyStopSkipConnections = limit };
            var trainer = DifferentiableSearch.CreateTrainer(Supernet(), options, 8, alpha);
            return DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation));
        }

        var stopped = Search(3);
        Assert.True(stopped.StoppedEarly);
        Assert.Single(stopped.History);
        Assert.Equal(3, ArchitectureDistribution.SkipConnections(stopped.Genotype));

        var full = Search(4);
        Assert.False(full.StoppedEarly);
        Assert.Equal(3, full.History.Count);
    }

    [Fact]
    public void TrainChild_AfterTheSearch_TrainsTheDerivedPathWithoutTouchingAlpha()
    {
        var data = SearchFixture.Images(64);
        var trainer = DifferentiableSearch.CreateTrainer(Supernet(), SearchFixture.Options(DifferentiableMethod.Dsnas, epochs: 1), 8, scheduleEpochs: 3);
        var search = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data), null);
        var alpha = trainer.Alpha.ToArray();
        var flops = trainer.Flops;
        var weights = trainer.Supernet.Parameters().Select(p => p.ToArray()).ToList();
        var child = DifferentiableSearch.TrainChild(trainer, search.Genotype, new ChildTrainingPlan(SearchFixture.Loader(data), 2), firstEpoch: 1);

        Assert.Equal([1, 2], child.Select(h => h.Epoch));
        Assert.All(child, h => Assert.True(h.Child && h.Genotype == search.Genotype && h.Flops > 0));
        Assert.Equal(alpha, trainer.Alpha.ToArray());
        Assert.True(trainer.Flops > flops);
        Assert.True(child[1].LearningRate < search.History[0].LearningRate);
        Assert.Contains(trainer.Supernet.Parameters().Select((p, i) => (p, i)), t => !t.p.ToArray().SequenceEqual(weights[t.i]));
    }

    [Fact]
    public void Run_BilevelWithoutArchitectureData_Throws()
    {
        var trainer = DifferentiableSearch.CreateTrainer(Supernet(), SearchFixture.Options(DifferentiableMethod.Gdas), 8);
        Assert.Throws<ArgumentException>(() => DifferentiableSearch.Run(trainer, SearchFixture.Loader(SearchFixture.Images(32)), null));
    }

    [Fact]
    public void ScorePath_RestoresThePolicyAndScoresOnlyThatPath()
    {
        var supernet = Supernet();
        var trainer = DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(DifferentiableMethod.Darts), 8);
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|");
        var score = DifferentiableSearch.ScorePath(supernet, genotype, SearchFixture.Loader(SearchFixture.Images(40)));
        Assert.Equal(40, score.Count);
        Assert.InRange(score.Accuracy, 0, 1);
        Assert.Same(trainer.Policy, supernet.Policy);
    }

    [Fact]
    public void ScorePath_IgnoresTheMixtureRunningStatisticsAndLeavesThemUnchanged()
    {
        var supernet = Supernet();
        DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(DifferentiableMethod.Darts), 8);
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|");
        var loader = SearchFixture.Loader(SearchFixture.Images(40));
        var clean = DifferentiableSearch.ScorePath(supernet, genotype, loader);
        var buffers = supernet.NamedBuffers().Where(b => b.Name.EndsWith("running_var", StringComparison.Ordinal) || b.Name.EndsWith("running_mean", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(buffers);
        foreach (var buffer in buffers)
        {
            buffer.Tensor.Data.Fill(buffer.Name.EndsWith("running_var", StringComparison.Ordinal) ? 1e4f : 50f);
        }

        var corrupted = DifferentiableSearch.ScorePath(supernet, genotype, loader);
        Assert.Equal(clean.Loss, corrupted.Loss, 6);
        Assert.Equal(clean.Accuracy, corrupted.Accuracy);
        Assert.All(buffers, b => Assert.All(b.Tensor.ToArray(), v => Assert.True(v is 1e4f or 50f)));
    }

    [Fact]
    public void Run_GdasSamplingNoneOnEveryEdge_StillStepsWithAZeroArchitectureGradient()
    {
        var data = SearchFixture.Images(32).DartsHalves();
        var alpha = Tensor.Zeros(6, 5);
        for (var e = 0; e < 6; e++)
        {
            alpha.Data[(e * 5) + (int)Nb201Operation.None] = 1e4f;
        }

        var trainer = DifferentiableSearch.CreateTrainer(Supernet(), SearchFixture.Options(DifferentiableMethod.Gdas), 8, alpha);
        var result = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation));

        Assert.Equal(Nb201Genotype.FromOps([.. Enumerable.Repeat(Nb201Operation.None, 6)]), result.Genotype);
        Assert.NotNull(trainer.Alpha.Grad);
        Assert.All(trainer.Alpha.Grad!.ToArray(), g => Assert.Equal(0f, g));
    }
}
