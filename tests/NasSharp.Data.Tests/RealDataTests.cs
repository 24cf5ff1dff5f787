namespace NasSharp.Data.Tests;

/// <summary>Loads the real datasets when NASSHARP_DATA points at them (opt-in; see <see cref="RealDataFactAttribute"/>).</summary>
[Trait("Category", "RealData")]
public class RealDataTests
{
    private static string Root => RealDataFactAttribute.DataDirectory!;

    [RealDataFact]
    public void Mnist_FromDataRoot_Has60000TrainAnd10000TestDigits()
    {
        var sets = DatasetCatalog.Load("mnist", Root);

        AssertIdxSets(sets);
        Assert.Equal(5, sets.Train.Label(0));
        Assert.Equal(7, sets.Test.Label(0));
    }

    [RealDataFact]
    public void FashionMnist_FromDataRoot_Has60000TrainAnd10000TestImages()
    {
        var sets = DatasetCatalog.Load("fashion-mnist", Root);

        AssertIdxSets(sets);
        Assert.All(sets.Train.ClassCounts(), n => Assert.Equal(6000, n));
        Assert.All(sets.Test.ClassCounts(), n => Assert.Equal(1000, n));
    }

    [RealDataFact]
    public void Ptb_FromDataRoot_HasPublishedTokenCountsAndTenThousandWords()
    {
        var corpus = TextCorpus.Load(Root);

        Assert.Equal(10000, corpus.Vocabulary.Count);
        Assert.Equal(929589, corpus.Train.Length);
        Assert.Equal(73760, corpus.Valid.Length);
        Assert.Equal(82430, corpus.Test.Length);
        Assert.True(corpus.Vocabulary.Contains(Vocabulary.Unknown));
    }

    [RealDataFact]
    public void ExchangeRate_FromDataRoot_Has7588RowsOf8Series()
    {
        var series = TimeSeriesDataset.LoadNamed("exchange_rate", Root);

        Assert.Equal((7588, 8), (series.Rows, series.Columns));
        Assert.All(series.Scale.ToArray(), s => Assert.True(s > 0));
        var windows = series.Windows(window: 168, horizon: 24);
        Assert.Equal((4552 - 191, 6070 - 4552, 7588 - 6070), (windows.TrainTargets.Length, windows.ValidTargets.Length, windows.TestTargets.Length));
    }

    private static void AssertIdxSets(TrainTestSets sets)
    {
        Assert.Equal((60000, 10000), (sets.Train.Count, sets.Test.Count));
        Assert.Equal((1, 28, 28, 10), (sets.Train.Channels, sets.Train.Height, sets.Train.Width, sets.Train.ClassCount));
        Assert.Equal(60000, sets.Train.ClassCounts().Sum());
        Assert.All(sets.Train.ClassCounts(), n => Assert.True(n > 5000));
    }
}
