using System.Globalization;
using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Serialization;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Store;
using NasSharp.Tasks;
using NasSharp.Tasks.Forecasting;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas train --task forecast</c>: an LSTM or GRU forecaster, or a searched cell (<c>--genotype tib:...</c>), on an LSTNet series, trained with
/// <see cref="ForecastTraining"/>; writes options.json, metrics.csv, weights.safetensors and summary.json, and checkpoints
/// every epoch into <c>checkpoint/</c>, so <c>--resume NAME</c> continues a killed run bitwise.
/// </summary>
internal static class ForecastRun
{
    // Dropout 0 and 150 epochs: with LSTNet's 0.2 on the 100-unit state and 30 epochs a GRU stays far above the
    // naive last-value forecast on exchange_rate (test RSE 0.168 at window 24, the persistence forecast 0.017);
    // without dropout, trained for 150 epochs, it reaches 0.020, the RNN-GRU row of LSTNet's table (0.0192).
    private const double DefaultDropout = 0;

    private static readonly string[] MetricColumns = ["epoch", "train_loss", "valid_rse", "valid_corr", "samples_per_second", "seconds"];

    public static int Run(TrainOptions options, TextWriter output)
    {
        var series = Load(options);
        var kind = options.Model == "gru" ? RecurrentKind.Gru : RecurrentKind.Lstm;
        var (hidden, layers) = (options.Hidden ?? 100, options.Layers ?? 1);
        var dropout = options.Dropout ?? DefaultDropout;
        // A searched cell (--genotype tib:... / darts-rnn:..., RECURRENT.md 5) takes the recurrent layer's place.
        var cell = RecurrentCells.IsRecurrentGenotype(options.Genotype);
        hidden = cell ? options.Hidden ?? 32 : hidden;
        var random = new Random(options.Seed);
        Module model = cell
            ? new CellForecaster(RecurrentCells.Create(options.Genotype!, series.Columns, hidden, random, tibBound: options.TibBound), random, (float)dropout)
            : new SeriesForecaster(series.Columns, kind, random, hidden, layers, (float)dropout);
        var modelName = cell ? options.Genotype! : options.Model;
        var recipe = new ForecastTrainingOptions
        {
            Window = options.Window,
            Horizon = options.Horizon,
            Epochs = options.Epochs ?? 150,
            BatchSize = options.Batch ?? 128,
            LearningRate = options.LearningRate ?? 1e-3,
            Loss = options.Loss == "mse" ? ForecastLoss.Mse : ForecastLoss.L1,
            TrainLimit = options.TrainLimit,
            Seed = options.Seed,
        };
        var windows = series.Windows(recipe.Window, recipe.Horizon);
        var trainWindows = Math.Min(windows.TrainTargets.Length, recipe.TrainLimit ?? int.MaxValue);
        var run = RunResume.CreateOrResume(options, TibBoundRecord.With(new
        {
            task = "forecast", model = modelName, series = series.Name, recipe.Window, recipe.Horizon, hidden, layers, dropout, loss = options.Loss, recipe.Epochs,
            recipe.BatchSize, recipe.LearningRate, recipe.GradientClip, options.Seed, train_windows = options.TrainLimit, threads = NasSharp.Kernels.KernelParallel.ThreadCount,
        }, options.TibBound), OptionNames);
        CliTermination.ResumeWith($"nas train --task forecast --resume {run.Path}");
        output.WriteLine(FormattableString.Invariant(
            $"nas train: {(cell ? "cell " + modelName + (options.TibBound ? " bounded (h_t = tanh(s_N))" : string.Empty) : $"{layers}-layer {options.Model.ToUpperInvariant()}")} ({hidden} units) forecaster on {series.Name} ({series.Rows} rows x {series.Columns} series; {trainWindows}/{windows.ValidTargets.Length}/{windows.TestTargets.Length} windows), window {recipe.Window}, horizon {recipe.Horizon}, {options.Loss.ToUpperInvariant()} loss, {model.ParameterCount():N0} parameters, {recipe.Epochs} epochs, batch {recipe.BatchSize}, lr {recipe.LearningRate:G4}"));

        ForecastTrainingResult result;
        using (var metrics = run.CreateCsv("metrics.csv", MetricColumns))
        {
            result = new ForecastTraining(model, recipe).Run(series, new ProgressCallback<ForecastEpochReport>(r =>
            {
                metrics.WriteRow(r.Epoch, r.TrainLoss, r.ValidRse, r.ValidCorr, r.SamplesPerSecond, r.Seconds);
                output.WriteLine(FormattableString.Invariant(
                    $"epoch {r.Epoch,3}/{r.Epochs}  loss {r.TrainLoss:F5}  valid RSE {r.ValidRse:F4}  CORR {r.ValidCorr:F4}  {r.SamplesPerSecond:F0} samples/s  {TrainText.Duration(r.Seconds)}  left {TrainText.Duration(r.SecondsLeft)}"));
            }), Path.Combine(run.Path, CheckpointFolder), CliTermination.Token);
        }

        Safetensors.Save(run.FilePath("weights.safetensors"), model.StateDict(), new Dictionary<string, string>
        {
            ["model"] = modelName,
            ["series"] = series.Name,
            ["window"] = recipe.Window.ToString(CultureInfo.InvariantCulture),
            ["horizon"] = recipe.Horizon.ToString(CultureInfo.InvariantCulture),
        });
        var summary = Summarize(options with { Model = modelName }, series, model, (hidden, layers), recipe, trainWindows, result, run.Path);
        run.WriteJson("summary.json", summary);
        output.WriteLine(FormattableString.Invariant(
            $"best epoch {summary.BestEpoch}: valid RSE {summary.ValidRse:F4} CORR {summary.ValidCorr:F4}; test RSE {summary.TestRse:F4} CORR {summary.TestCorr:F4}, {TrainText.Duration(summary.Seconds)}; run directory {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return 0;
    }

    /// <summary>The folder of the run directory holding the epoch checkpoint.</summary>
    public const string CheckpointFolder = "checkpoint";

    private static readonly Dictionary<string, string> OptionNames = new()
    {
        ["model"] = "--model", ["window"] = "--window", ["horizon"] = "--horizon", ["batchSize"] = "--batch-size", ["learningRate"] = "--weight-lr",
        ["trainWindows"] = "--train-images", ["tibBound"] = "--tib-bound",
    };

    private static ForecastSummary Summarize(TrainOptions o, TimeSeriesDataset series, Module model, (int Hidden, int Layers) size, ForecastTrainingOptions recipe, int trainWindows, ForecastTrainingResult result, string runPath) => new(
        "forecast", o.Model, series.Name, series.Columns, recipe.Window, recipe.Horizon, size.Hidden, size.Layers, o.Dropout ?? DefaultDropout, o.Loss, model.ParameterCount(), recipe.Epochs,
        recipe.BatchSize, recipe.LearningRate, trainWindows, result.BestEpoch, Math.Round(result.ValidRse, 5), Math.Round(result.ValidCorr, 5),
        Math.Round(result.TestRse, 5), Math.Round(result.TestCorr, 5), Math.Round(result.Seconds, 2), runPath)
    {
        TibBound = o.Genotype is null ? null : o.TibBound,
    };

    /// <summary>--data names the series file, or a folder searched for the series named by --series.</summary>
    private static TimeSeriesDataset Load(TrainOptions options)
    {
        var data = TrainText.RequireData(options, "the series");
        if (File.Exists(data))
        {
            return TimeSeriesDataset.Load(data);
        }

        if (Directory.Exists(data))
        {
            return TimeSeriesDataset.LoadNamed(options.Series, data);
        }

        throw new FileNotFoundException($"series file or folder '{data}' does not exist");
    }
}
