using NasSharp.Tensors;

namespace NasSharp.Data.Tests;

public class SeriesWindowsTests
{
    /// <summary>T rows of 2 columns: row t = (t + 1, -(t + 1)), so scaled row t = ((t + 1) / T, -(t + 1) / T).</summary>
    private static TimeSeriesDataset Ramp(int rows) =>
        new("ramp", Enumerable.Range(0, rows).SelectMany(t => new[] { t + 1f, -(t + 1f) }).ToArray(), rows, 2);

    [Fact]
    public void Windows_HundredRows_SplitsTargetsChronologicallySixtyTwentyTwenty()
    {
        var windows = Ramp(100).Windows(window: 5, horizon: 3);

        Assert.Equal(Enumerable.Range(7, 53), windows.TrainTargets);
        Assert.Equal(Enumerable.Range(60, 20), windows.ValidTargets);
        Assert.Equal(Enumerable.Range(80, 20), windows.TestTargets);
    }

    [Fact]
    public void Windows_RowCountNotMultipleOfFive_UsesIntegerTruncationAsLstNet()
    {
        // int(0.6 * 7588) = 4552 and int(0.8 * 7588) = 6070 (exchange_rate).
        var windows = Ramp(7588).Windows(168, 24);
        Assert.Equal(4551, windows.TrainTargets[^1]);
        Assert.Equal(4552, windows.ValidTargets[0]);
        Assert.Equal(6070, windows.TestTargets[0]);
        Assert.Equal(7587, windows.TestTargets[^1]);
    }

    [Fact]
    public void Batch_TargetRow_InputIsTheWindowEndingHorizonStepsBefore()
    {
        var windows = Ramp(20).Windows(window: 3, horizon: 2);

        var batch = windows.Batch([10, 4]);

        Assert.Equal(new[] { 2, 3, 2 }, batch.Inputs.Shape.ToArray());
        Assert.Equal(new[] { 2, 2 }, batch.Targets.Shape.ToArray());
        // Target 10 (value 11): inputs rows 6, 7, 8 (values 7, 8, 9), scaled by 20.
        Assert.Equal(new[] { 7f, -7f, 8f, -8f, 9f, -9f, 1f, -1f, 2f, -2f, 3f, -3f }.Select(v => v / 20f), batch.Inputs.ToArray());
        Assert.Equal(new[] { 11f, -11f, 5f, -5f }.Select(v => v / 20f), batch.Targets.ToArray());
    }

    [Fact]
    public void Batch_InsideScope_TensorsBelongToTheScope()
    {
        var windows = Ramp(20).Windows(3, 1);
        SeriesBatch batch;
        using (new TensorScope())
        {
            batch = windows.Batch([5]);
        }

        Assert.Throws<ObjectDisposedException>(() => batch.Inputs.Data.Length);
    }

    [Fact]
    public void Fill_TargetWithoutAFullWindow_Throws()
    {
        var windows = Ramp(20).Windows(3, 2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => windows.Batch([3]));
        Assert.Contains("target row 3", ex.Message);
    }

    [Fact]
    public void Windows_WindowTooLongForTheTrainingPart_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ramp(20).Windows(window: 12, horizon: 1));
        Assert.Contains("window 12", ex.Message);
    }
}
