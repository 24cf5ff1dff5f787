using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class FewShotDifferentiableSearchTests
{
    [Theory]
    [InlineData(DifferentiableMethod.Darts, false)]
    [InlineData(DifferentiableMethod.Gdas, false)]
    [InlineData(DifferentiableMethod.Gdas, true)]
    public void Run_SplitOnOneRow_SearchesEverySubSupernetAndKeepsTheBestScoring(DifferentiableMethod method, bool chain)
    {
        var data = SearchFixture.Images(48).DartsHalves();
        ChoiceSupernet parent = chain ? SearchFixture.NewChain() : SearchFixture.NewNb201();
        var row = chain ? 1 : 2;
        var parts = new List<string>();
        var result = FewShotDifferentiableSearch.Run(
            parent, SearchFixture.Options(method), 8, (0, row), parentEpochs: 1,
            SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation), SearchFixture.Loader(data.Validation),
            onStart: (part, _) => parts.Add(part));

        var choices = parent.Shapes[0].Choices;
        Assert.Equal(["oneshot", .. Enumerable.Range(0, choices).Select(k => $"split-{row}-{parent.ChoiceName(0, k)}")], parts);
        Assert.NotNull(result.WarmUp);
        Assert.Equal(Enumerable.Range(0, choices), result.Parts.Select(p => p.Split.Choice));
        Assert.All(result.Parts, p => Assert.Equal(p.Split.Choice, p.Search.Path[0][row]));
        Assert.All(result.Parts, p => Assert.Equal([p.Split], p.Supernet.Splits));
        Assert.Equal(result.Parts.Max(p => p.Selection.Accuracy), result.Best.Selection.Accuracy);
        Assert.Equal(result.WarmUp!.Flops + result.Parts.Sum(p => p.Search.Flops), result.Flops);

        // DARTS parts are scored as trained (the mixture), GDAS parts by their derived single path.
        var selection = SearchFixture.Loader(data.Validation);
        foreach (var part in result.Parts)
        {
            var path = DifferentiableSearch.ScorePath(part.Supernet, part.Search.Path, selection);
            if (method == DifferentiableMethod.Gdas)
            {
                Assert.Equal(path.Loss, part.Selection.Loss, 6);
            }
            else
            {
                Assert.IsType<SoftmaxChoicePolicy>(part.Supernet.Policy);
                var mixture = ClassifierEvaluation.ScoreWithBatchStatistics(part.Supernet, selection);
                Assert.Equal(mixture.Loss, part.Selection.Loss, 6);
                Assert.NotEqual(path.Loss, part.Selection.Loss, 6);
            }
        }
    }

    [Fact]
    public void Run_SplitRowOutOfRange_ThrowsNamingIt()
    {
        var data = SearchFixture.Images(16).DartsHalves();
        var ex = Assert.Throws<ArgumentException>(() => FewShotDifferentiableSearch.Run(
            SearchFixture.NewNb201(), SearchFixture.Options(DifferentiableMethod.Darts), 8, (0, 6), parentEpochs: 0,
            SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation), SearchFixture.Loader(data.Validation)));
        Assert.Contains("split row 6 of group 0 does not exist", ex.Message);
    }
}
