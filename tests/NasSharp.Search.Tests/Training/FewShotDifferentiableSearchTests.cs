using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class FewShotDifferentiableSearchTests
{
    [Theory]
    [InlineData(DifferentiableMethod.Darts)]
    [InlineData(DifferentiableMethod.Gdas)]
    public void Run_SplitOnOneEdge_SearchesEverySubSupernetAndKeepsTheBestScoring(DifferentiableMethod method)
    {
        var data = SearchFixture.Images(48).DartsHalves();
        var parent = new Nb201Supernet(SearchFixture.Tiny, new FixedPathPolicy(default), new Random(0));
        var parts = new List<int>();
        var result = FewShotDifferentiableSearch.Run(
            parent, SearchFixture.Options(method), 8, splitEdge: 2, parentEpochs: 1,
            SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation), SearchFixture.Loader(data.Validation),
            (part, _) => parts.Add(part));

        Assert.Equal([-1, 0, 1, 2, 3, 4], parts);
        Assert.NotNull(result.WarmUp);
        Assert.Equal(Nb201Operations.All, result.Parts.Select(p => p.Split.Op));
        Assert.All(result.Parts, p => Assert.Equal(p.Split.Op, p.Search.Genotype[2]));
        Assert.Equal(result.Parts.Max(p => p.Selection.Accuracy), result.Best.Selection.Accuracy);
        Assert.Equal(result.WarmUp!.SearchFlops + result.Parts.Sum(p => p.Search.SearchFlops), result.Flops);

        // DARTS parts are scored as trained (the mixture), GDAS parts by their derived single path.
        var selection = SearchFixture.Loader(data.Validation);
        foreach (var part in result.Parts)
        {
            var path = DifferentiableSearch.ScorePath(part.Supernet, part.Search.Genotype, selection);
            if (method == DifferentiableMethod.Gdas)
            {
                Assert.Equal(path.Loss, part.Selection.Loss, 6);
            }
            else
            {
                Assert.IsType<SoftmaxWeightedPolicy>(part.Supernet.Policy);
                var mixture = ClassifierEvaluation.ScoreWithBatchStatistics(part.Supernet, selection);
                Assert.Equal(mixture.Loss, part.Selection.Loss, 6);
                Assert.NotEqual(path.Loss, part.Selection.Loss, 6);
            }
        }
    }
}
