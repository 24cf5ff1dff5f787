using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class DifferentiableSearchTests
{
    private static readonly Nb201Genotype Sparse = Nb201Genotype.Parse("|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|");

    public static TheoryData<DifferentiableMethod, bool> MethodsAndSpaces()
    {
        var data = new TheoryData<DifferentiableMethod, bool>();
        foreach (var method in Enum.GetValues<DifferentiableMethod>())
        {
            data.Add(method, false);
            data.Add(method, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndSpaces))]
    public void Run_EachMethodOnNb201AndChain_RecordsEveryEpochAndMovesTheTables(DifferentiableMethod method, bool chain)
    {
        var data = SearchFixture.Images(64).DartsHalves();
        ChoiceSupernet supernet = chain ? SearchFixture.NewChain() : SearchFixture.NewNb201();
        var trainer = DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(method, epochs: 2), 8);
        var initial = trainer.Tables.Tables[0].ToArray();
        var seen = new List<int>();
        var bilevel = DifferentiableMethods.IsBilevel(method);
        var result = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), bilevel ? SearchFixture.Loader(data.Validation) : null, e => seen.Add(e.Epoch));

        Assert.Equal([0, 1], seen);
        Assert.Equal(2, result.History.Count);
        Assert.False(result.StoppedEarly);
        var (rows, choices) = supernet.Shapes[0];
        Assert.All(result.History, h =>
        {
            Assert.True(double.IsFinite(h.TrainLoss) && h.TrainLoss > 0);
            Assert.Equal(bilevel, h.ValidationLoss.HasValue);
            Assert.All(Enumerable.Range(0, rows), r => Assert.Equal(1f, h.Probabilities[0].Skip(r * choices).Take(choices).Sum(), 5));
            Assert.True(h.Flops > 0);
        });
        Assert.Equal(result.History[^1].Architecture, result.Architecture);
        Assert.Equal(supernet.Describe(result.Path), result.Architecture);
        Assert.NotEqual(initial, trainer.Tables.Tables[0].ToArray());
        Assert.Equal(method is DifferentiableMethod.Gdas or DifferentiableMethod.Snas, result.History[0].Temperature.HasValue);
        Assert.Equal(32, DifferentiableSearch.ScorePath(supernet, result.Path, SearchFixture.Loader(data.Validation)).Count);
    }

    [Fact]
    public void Run_DartsSpace_DerivesAGenotypeInTheDartsTextForm()
    {
        var data = SearchFixture.Images(16).DartsHalves();
        var network = new DartsSearchNetwork(new DartsNetworkOptions(Channels: 2, Layers: 3, Classes: 3, ImageSize: 8), new FixedChoicePolicy([new int[14], new int[14]]), new Random(0));
        var trainer = DifferentiableSearch.CreateTrainer(network, SearchFixture.Options(DifferentiableMethod.Darts), 8);
        var result = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train, batch: 8), SearchFixture.Loader(data.Validation, batch: 8));
        Assert.StartsWith("Genotype(normal=[", result.Architecture, StringComparison.Ordinal);
        Assert.Equal(2, result.Path.Count);
    }

    [Fact]
    public void Run_DartsPlusEarlyStop_StopsAtTheFirstEpochWithEnoughSkipConnections()
    {
        var data = SearchFixture.Images(32).DartsHalves();

        // Three edges firmly skip, the other three firmly 3x3 convolutions: the derived cell has exactly 3 skips.
        var logits = SearchFixture.Nb201Logits((e, k) => k == (int)(e is 0 or 2 or 5 ? Nb201Operation.SkipConnect : Nb201Operation.NorConv3x3) ? 5f : 0f);
        DifferentiableSearchResult Search(int limit)
        {
            var options = SearchFixture.Options(DifferentiableMethod.Darts, epochs: 3) with { EarlyStopSkipConnections = limit };
            var trainer = DifferentiableSearch.CreateTrainer(SearchFixture.NewNb201(), options, 8, initialTables: logits);
            return DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation));
        }

        var stopped = Search(3);
        Assert.True(stopped.StoppedEarly);
        Assert.Single(stopped.History);
        Assert.Equal(3, DifferentiableSearch.SkipConnections(SearchFixture.NewNb201(), stopped.Path));

        var full = Search(4);
        Assert.False(full.StoppedEarly);
        Assert.Equal(3, full.History.Count);
    }

    [Fact]
    public void SkipConnections_CountsTheRowsWhoseChoiceIsSkip()
    {
        var genotype = Nb201Genotype.Parse("|skip_connect~0|+|avg_pool_3x3~0|skip_connect~1|+|nor_conv_3x3~0|none~1|skip_connect~2|");
        Assert.Equal(3, DifferentiableSearch.SkipConnections(SearchFixture.NewNb201(), Nb201Supernet.PathOf(genotype)));
    }

    [Fact]
    public void TrainChild_AfterTheSearch_TrainsTheDerivedPathWithoutTouchingTheTables()
    {
        var data = SearchFixture.Images(64);
        var trainer = DifferentiableSearch.CreateTrainer(SearchFixture.NewNb201(), SearchFixture.Options(DifferentiableMethod.Dsnas, epochs: 1), 8, scheduleEpochs: 3);
        var search = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data), null);
        var alpha = trainer.Tables.Tables[0].ToArray();
        var flops = trainer.Flops;
        var weights = trainer.Supernet.Parameters().Select(p => p.ToArray()).ToList();
        var child = DifferentiableSearch.TrainChild(trainer, search.Path, SearchFixture.Loader(data), epochs: 2, firstEpoch: 1);

        Assert.Equal([1, 2], child.Select(h => h.Epoch));
        Assert.All(child, h => Assert.True(h.Child && h.Architecture == search.Architecture && h.Flops > 0));
        Assert.Equal(alpha, trainer.Tables.Tables[0].ToArray());
        Assert.True(trainer.Flops > flops);
        Assert.True(child[1].LearningRate < search.History[0].LearningRate);
        Assert.Contains(trainer.Supernet.Parameters().Select((p, i) => (p, i)), t => !t.p.ToArray().SequenceEqual(weights[t.i]));
    }

    [Fact]
    public void Run_BilevelWithoutArchitectureData_Throws()
    {
        var trainer = DifferentiableSearch.CreateTrainer(SearchFixture.NewNb201(), SearchFixture.Options(DifferentiableMethod.Gdas), 8);
        var ex = Assert.Throws<ArgumentException>(() => DifferentiableSearch.Run(trainer, SearchFixture.Loader(SearchFixture.Images(32)), null));
        Assert.Contains("gdas needs architecture data", ex.Message);
    }

    [Fact]
    public void ScorePath_RestoresThePolicyAndScoresOnlyThatPath()
    {
        var supernet = SearchFixture.NewNb201();
        var trainer = DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(DifferentiableMethod.Darts), 8);
        var score = DifferentiableSearch.ScorePath(supernet, Nb201Supernet.PathOf(Sparse), SearchFixture.Loader(SearchFixture.Images(40)));
        Assert.Equal(40, score.Count);
        Assert.InRange(score.Accuracy, 0, 1);
        Assert.Same(trainer.Policy, supernet.Policy);
    }

    [Fact]
    public void ScorePath_IgnoresTheMixtureRunningStatisticsAndLeavesThemUnchanged()
    {
        var supernet = SearchFixture.NewNb201();
        DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(DifferentiableMethod.Darts), 8);
        var path = Nb201Supernet.PathOf(Sparse);
        var loader = SearchFixture.Loader(SearchFixture.Images(40));
        var clean = DifferentiableSearch.ScorePath(supernet, path, loader);
        var buffers = supernet.NamedBuffers().Where(b => b.Name.EndsWith("running_var", StringComparison.Ordinal) || b.Name.EndsWith("running_mean", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(buffers);
        foreach (var buffer in buffers)
        {
            buffer.Tensor.Data.Fill(buffer.Name.EndsWith("running_var", StringComparison.Ordinal) ? 1e4f : 50f);
        }

        var corrupted = DifferentiableSearch.ScorePath(supernet, path, loader);
        Assert.Equal(clean.Loss, corrupted.Loss, 6);
        Assert.Equal(clean.Accuracy, corrupted.Accuracy);
        Assert.All(buffers, b => Assert.All(b.Tensor.ToArray(), v => Assert.True(v is 1e4f or 50f)));
    }

    [Fact]
    public void Run_GdasSamplingNoneOnEveryEdge_StillStepsWithAZeroArchitectureGradient()
    {
        var data = SearchFixture.Images(32).DartsHalves();
        var logits = SearchFixture.Nb201Logits((_, k) => k == (int)Nb201Operation.None ? 1e4f : 0f);
        var trainer = DifferentiableSearch.CreateTrainer(SearchFixture.NewNb201(), SearchFixture.Options(DifferentiableMethod.Gdas), 8, initialTables: logits);
        var result = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation));

        Assert.Equal(Nb201Genotype.FromOps([.. Enumerable.Repeat(Nb201Operation.None, 6)]).ToString(), result.Architecture);
        Assert.NotNull(trainer.Tables.Tables[0].Grad);
        Assert.All(trainer.Tables.Tables[0].Grad!.ToArray(), g => Assert.Equal(0f, g));
    }
}
