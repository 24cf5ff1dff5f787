using NasSharp.Data;
using NasSharp.Tasks.Forecasting;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Tests.Forecasting;

public class SeriesForecasterTests
{
    // Two zero-mean periodic series (periods 20 and 33 rows) with a little noise.
    private static TimeSeriesDataset Waves(int rows)
    {
        var random = new Random(7);
        var values = new float[rows * 2];
        for (var t = 0; t < rows; t++)
        {
            values[2 * t] = MathF.Sin(2 * MathF.PI * t / 20) + (0.05f * (random.NextSingle() - 0.5f));
            values[(2 * t) + 1] = 0.5f * MathF.Cos(2 * MathF.PI * t / 33) + (0.05f * (random.NextSingle() - 0.5f));
        }

        return new TimeSeriesDataset("waves", values, rows, 2);
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void Forward_Windows_GivesOneRowPerWindowUnderLstNetNames(RecurrentKind kind)
    {
        var model = new SeriesForecaster(3, kind, new Random(0), hiddenSize: 5, layers: 2);
        using var scope = new TensorScope();
        var forecast = model.Forward(Tensor.RandomNormal(new Random(1), 0, 1, 4, 7, 3));
        Assert.Equal([4, 3], forecast.Shape.ToArray());
        Assert.Equal(["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "linear.weight", "linear.bias"], model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Forward_WrongVariableCount_ThrowsNamingTheShape()
    {
        var model = new SeriesForecaster(3, RecurrentKind.Gru, new Random(0), hiddenSize: 5);
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(4, 7, 2)));
        Assert.Contains("[4, 7, 2]", ex.Message);
    }

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void Run_PeriodicSeries_ForecastsFarBetterThanTheMean(RecurrentKind kind)
    {
        var series = Waves(600);
        var model = new SeriesForecaster(2, kind, new Random(0), hiddenSize: 16, dropout: 0f);
        var training = new ForecastTraining(model, new ForecastTrainingOptions { Window = 12, Horizon = 2, Epochs = 4, BatchSize = 32, LearningRate = 0.01, Seed = 1 });
        var reports = new List<ForecastEpochReport>();
        var result = training.Run(series, new SyncProgress(reports.Add));

        // Predicting each series' mean scores an RSE near 1 and no correlation.
        Assert.True(result.TestRse < 0.5, $"test RSE {result.TestRse}, CORR {result.TestCorr}");
        Assert.True(result.TestCorr > 0.8, $"test CORR {result.TestCorr}");
        Assert.Equal(4, reports.Count);
        Assert.Equal(reports.Min(r => r.ValidRse), result.ValidRse);
        Assert.Equal(reports[result.BestEpoch - 1].ValidCorr, result.ValidCorr);
    }

    [Fact]
    public void Score_AfterRun_TestScoreIsThatOfTheBestEpochsWeights()
    {
        var series = Waves(300);
        var model = new SeriesForecaster(2, RecurrentKind.Gru, new Random(0), hiddenSize: 8, dropout: 0f);
        var training = new ForecastTraining(model, new ForecastTrainingOptions { Window = 8, Horizon = 1, Epochs = 3, BatchSize = 32, LearningRate = 0.01, TrainLimit = 64 });
        var result = training.Run(series);
        var windows = series.Windows(8, 1);
        Assert.Equal(result.ValidRse, training.Score(series, windows, windows.ValidTargets).Rse, 12);
        Assert.Equal(result.TestRse, training.Score(series, windows, windows.TestTargets).Rse, 12);
    }

    [Fact]
    public void Run_CancelledAfterAnEpochThenResumed_EqualsAnUninterruptedRunBitwise()
    {
        // Four epochs; the interrupted run stops after the second epoch's checkpoint (best weights, Adam's moments and
        // the cumulative shuffle included) and a fresh model resumes it from the directory.
        var series = Waves(300);
        var options = new ForecastTrainingOptions { Window = 8, Horizon = 1, Epochs = 4, BatchSize = 16, LearningRate = 0.01, Seed = 3 };
        SeriesForecaster Model() => new(2, RecurrentKind.Lstm, new Random(0), hiddenSize: 8, dropout: 0f);
        var uninterrupted = Model();
        var reference = new ForecastTraining(uninterrupted, options).Run(series);

        var directory = Directory.CreateTempSubdirectory("nassharp-forecast-").FullName;
        try
        {
            using var stop = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => new ForecastTraining(Model(), options).Run(series, new SyncProgress(r => { if (r.Epoch == 2) { stop.Cancel(); } }), directory, stop.Token));
            var resumed = Model();
            var replayed = new List<ForecastEpochReport>();
            var result = new ForecastTraining(resumed, options).Run(series, new SyncProgress(replayed.Add), directory);

            Assert.Equal([1, 2, 3, 4], replayed.Select(r => r.Epoch));
            Assert.Equal(reference.Epochs.Select(e => (e.TrainLoss, e.ValidRse)), result.Epochs.Select(e => (e.TrainLoss, e.ValidRse)));
            Assert.Equal((reference.BestEpoch, reference.TestRse, reference.TestCorr), (result.BestEpoch, result.TestRse, result.TestCorr));
            var expected = uninterrupted.StateDict();
            Assert.All(resumed.StateDict(), kv => Assert.True(expected[kv.Key].ToArray().AsSpan().SequenceEqual(kv.Value.ToArray()), kv.Key));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class SyncProgress(Action<ForecastEpochReport> action) : IProgress<ForecastEpochReport>
    {
        public void Report(ForecastEpochReport value) => action(value);
    }
}
