using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class DartsTrainerTests
{
    [Theory]
    [InlineData(DifferentiableMethod.Darts)]
    [InlineData(DifferentiableMethod.DartsSecondOrder)]
    public void Step_ConvolutionPathTrainedFirst_MovesAlphaTowardTheConvolution(DifferentiableMethod method)
    {
        // A toy with a known answer: only nor_conv_3x3 and avg_pool_3x3 are in play (the others at logit -30), and the
        // weights are first trained on the all-convolution path, so mixing in pooling can only hurt the validation loss.
        var data = SearchFixture.Images(192).DartsHalves();
        var supernet = SearchFixture.NewNb201();
        var options = SearchFixture.Options(method) with { ArchitectureLearningRate = 0.01f };
        var trainer = new DartsTrainer(supernet, options, 8, null, SearchFixture.OnlyOps(Nb201Operation.NorConv3x3, Nb201Operation.AvgPool3x3));
        var conv = Nb201Supernet.PathOf(Nb201Genotype.FromOps([.. Enumerable.Repeat(Nb201Operation.NorConv3x3, 6)]));
        var train = SearchFixture.Loader(data.Train);
        var valid = SearchFixture.Loader(data.Validation);
        for (var epoch = 0; epoch < 4; epoch++)
        {
            foreach (var batch in train.Epoch(epoch))
            {
                trainer.ChildStep(conv, batch);
            }
        }

        var before = trainer.Probabilities()[0];
        var steps = 0;
        foreach (var (w, a) in train.Epoch(9).Zip(valid.Epoch(9)))
        {
            trainer.Step(w, a);
            steps++;
        }

        var after = trainer.Probabilities()[0];
        Assert.Equal(6, steps);
        var k = (int)Nb201Operation.NorConv3x3;
        var gained = Enumerable.Range(0, 6).Count(e => after[(e * 5) + k] > before[(e * 5) + k]);
        Assert.True(gained >= 5, $"{gained} of 6 edges moved toward the convolution ({string.Join(", ", after)})");
    }

    [Theory]
    [InlineData(DifferentiableMethod.Darts, typeof(DartsTrainer), typeof(SoftmaxChoicePolicy))]
    [InlineData(DifferentiableMethod.DartsSecondOrder, typeof(DartsTrainer), typeof(SoftmaxChoicePolicy))]
    [InlineData(DifferentiableMethod.DartsWarmup, typeof(DartsWarmupTrainer), typeof(SoftmaxChoicePolicy))]
    [InlineData(DifferentiableMethod.Gdas, typeof(GumbelTrainer), typeof(GumbelChoicePolicy))]
    [InlineData(DifferentiableMethod.Snas, typeof(GumbelTrainer), typeof(GumbelChoicePolicy))]
    [InlineData(DifferentiableMethod.Dsnas, typeof(DsnasTrainer), typeof(DsnasChoicePolicy))]
    public void CreateTrainer_EveryMethod_GetsItsRegisteredTrainerAndInstallsItsPolicy(DifferentiableMethod method, Type trainerType, Type policyType)
    {
        var supernet = SearchFixture.NewNb201();
        var trainer = DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(method), 8);
        Assert.IsType(trainerType, trainer);
        Assert.IsType(policyType, supernet.Policy);
        Assert.Same(trainer.Policy, supernet.Policy);
        Assert.Equal(method, DifferentiableMethods.Parse(DifferentiableMethods.Name(method)));
    }

    [Fact]
    public void DartsWarmup_HoldsAlphaForTheFirstQuarterOfTheEpochs_ThenMovesIt()
    {
        var data = SearchFixture.Images(64).DartsHalves();
        var trainer = DifferentiableSearch.CreateTrainer(SearchFixture.NewNb201(), SearchFixture.Options(DifferentiableMethod.DartsWarmup, epochs: 4), 8);
        var start = trainer.Tables.Tables[0].ToArray();
        var result = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation), e =>
        {
            if (e.Epoch == 0)
            {
                Assert.Equal(start, trainer.Tables.Tables[0].ToArray());
                Assert.Null(e.ValidationLoss);
            }
        });
        Assert.Equal(4, result.History.Count);
        Assert.NotEqual(start, trainer.Tables.Tables[0].ToArray());
        Assert.NotNull(result.History[1].ValidationLoss);
    }
}
