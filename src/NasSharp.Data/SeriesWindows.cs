using NasSharp.Tensors;

namespace NasSharp.Data;

/// <summary>
/// Forecasting samples over a <see cref="TimeSeriesDataset"/>, exactly as LSTNet's Data_utility
/// (utils.py, _split and _batchify): a sample is identified by its target row t; its input is the
/// <see cref="Window"/> scaled rows [t - h + 1 - window, t - h + 1) and its target is scaled row t, h =
/// <see cref="Horizon"/> steps after the last input row. The split is chronological by target row, with
/// n1 = int(0.6 T) and n2 = int(0.8 T): train t in [window + h - 1, n1), validation t in [n1, n2), test
/// t in [n2, T). Validation and test inputs may reach back into the previous part, as in LSTNet.
/// </summary>
public sealed class SeriesWindows
{
    private readonly TimeSeriesDataset series;

    internal SeriesWindows(TimeSeriesDataset series, int window, int horizon)
    {
        this.series = series;
        var t = series.Rows;
        var trainEnd = (int)(0.6 * t);
        var validEnd = (int)(0.8 * t);
        var first = window + horizon - 1;
        if (window <= 0 || horizon <= 0 || first >= trainEnd || trainEnd >= validEnd || validEnd >= t)
        {
            throw new ArgumentException($"SeriesWindows ({series.Name}, {t} rows): window {window} and horizon {horizon} must be positive and leave samples in every part (first train target {first}, train ends at {trainEnd}, validation at {validEnd}).");
        }

        Window = window;
        Horizon = horizon;
        TrainTargets = Enumerable.Range(first, trainEnd - first).ToArray();
        ValidTargets = Enumerable.Range(trainEnd, validEnd - trainEnd).ToArray();
        TestTargets = Enumerable.Range(validEnd, t - validEnd).ToArray();
    }

    /// <summary>Input rows per sample.</summary>
    public int Window { get; }

    /// <summary>Steps from the last input row to the target row.</summary>
    public int Horizon { get; }

    /// <summary>Variables per row.</summary>
    public int Columns => series.Columns;

    /// <summary>Target rows of the training samples.</summary>
    public int[] TrainTargets { get; }

    /// <summary>Target rows of the validation samples.</summary>
    public int[] ValidTargets { get; }

    /// <summary>Target rows of the test samples.</summary>
    public int[] TestTargets { get; }

    /// <summary>Writes the samples of <paramref name="targets"/>: inputs [B, Window, Columns] and targets [B, Columns], scaled.</summary>
    public void Fill(ReadOnlySpan<int> targets, Span<float> inputs, Span<float> outputs)
    {
        var m = series.Columns;
        var inputSize = Window * m;
        if (inputs.Length != targets.Length * inputSize || outputs.Length != targets.Length * m)
        {
            throw new ArgumentException($"SeriesWindows.Fill: {targets.Length} samples need {targets.Length * inputSize} input and {targets.Length * m} target values, got {inputs.Length} and {outputs.Length}.");
        }

        var data = series.Scaled;
        for (var i = 0; i < targets.Length; i++)
        {
            var t = targets[i];
            var start = t - Horizon + 1 - Window;
            if (start < 0 || t >= series.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"SeriesWindows: target row {t} needs rows from {start}; valid targets are [{Window + Horizon - 1}, {series.Rows}).");
            }

            data.Slice(start * m, inputSize).CopyTo(inputs.Slice(i * inputSize, inputSize));
            data.Slice(t * m, m).CopyTo(outputs.Slice(i * m, m));
        }
    }

    /// <summary>The samples of <paramref name="targets"/> as tensors created with <see cref="Tensor.Uninitialized"/> (owned by the current scope, if any).</summary>
    public SeriesBatch Batch(ReadOnlySpan<int> targets)
    {
        if (targets.Length == 0)
        {
            throw new ArgumentException("SeriesWindows.Batch: no targets given.");
        }

        var inputs = Tensor.Uninitialized(new TensorShape(targets.Length, Window, series.Columns));
        var outputs = Tensor.Uninitialized(new TensorShape(targets.Length, series.Columns));
        Fill(targets, inputs.Data, outputs.Data);
        return new SeriesBatch(inputs, outputs);
    }
}
