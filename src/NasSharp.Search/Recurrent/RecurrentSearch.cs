using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// The recurrent search pipeline (RECURRENT.md 2-4): builds the space's search cell inside the task's model, the
/// method's step procedure, the growth controller and its hook, the weight and alpha streams (language modelling: the
/// training tokens and a held-out slice; forecasting: the first 75 % and the last 25 % of the LSTNet training range,
/// chronological), runs the one epoch loop (<see cref="DifferentiableSearch"/>) with checkpoint and resume, and derives
/// the genotype; with <see cref="RecurrentSearchOptions.FewShot"/>, the few-shot search (<see cref="RecurrentFewShotSearch"/>).
/// Valid and test data are not touched here.
/// </summary>
public static class RecurrentSearch
{
    /// <summary>The part name of a one-shot search (a few-shot search's are <c>oneshot</c> and <c>split-ROW-CHOICE</c>).</summary>
    public const string SearchPart = "search";

    /// <summary>Progress callbacks of a run: every epoch, growth event, and the start of every part (before its epochs).</summary>
    public sealed record Callbacks(Action<DifferentiableEpoch>? OnEpoch = null, Action<GrowthRecord>? OnGrowth = null, Action<RecurrentSearchPart>? OnPart = null);

    public static RecurrentSearchResult RunLanguageModel(RecurrentSearchOptions options, LanguageModelData data, Callbacks? callbacks = null, string? checkpointDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        var random = new KeyedRandom(options.Search.Seed + 2);
        var model = (Func<RecurrentCell, Module>)(c => new CellLanguageModel(data.VocabularySize, c, random, options.EmbeddingDropout, options.EmbeddingInputDropout, options.OutputDropout));
        var task = new LanguageModelSearchTask(options.TemporalBeta);
        var weights = new TokenWindowData(data.Train, options.BatchSize, options.Bptt, 0, options.RandomBptt ? BpttLengthRule.DartsSearch : BpttLengthRule.Fixed, options.Search.Seed + 5);
        var alpha = new TokenWindowData(data.Alpha, options.BatchSize, options.Bptt, 1);
        return Run(options, options.Hidden, random, model, task, weights, alpha, callbacks, checkpointDirectory);
    }

    public static RecurrentSearchResult RunForecast(RecurrentSearchOptions options, TimeSeriesDataset series, Callbacks? callbacks = null, string? checkpointDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(series);
        options.Validate();
        var random = new KeyedRandom(options.Search.Seed + 2);
        var windows = series.Windows(options.Window, options.Horizon);
        var train = windows.TrainTargets;
        var cut = train.Length * 3 / 4;
        if (cut == 0 || cut == train.Length)
        {
            throw new ArgumentException($"recurrent search: {train.Length} training windows cannot be split 75/25 into weight and alpha streams.");
        }

        var weights = new SeriesWindowData(windows, train[..cut], options.BatchSize, options.Search.Seed + 3);
        var alpha = new SeriesWindowData(windows, train[cut..], options.BatchSize, options.Search.Seed + 4);
        var model = (Func<RecurrentCell, Module>)(c => new CellForecaster(c, random));
        return Run(options, series.Columns, random, model, new ForecastSearchTask(options.Window), weights, alpha, callbacks, checkpointDirectory);
    }

    /// <summary>The search cell of the options' space: N_0 nodes (N_max without growth), tables for every node it may ever hold.</summary>
    public static RecurrentSearchCell CreateCell(RecurrentSearchOptions options, int inputSize, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (n0, max) = (options.InitialNodeCount, options.MaxNodeCount);
        // A contracted tib node or removed edge keeps its table, so every growth event may need a fresh one.
        var edges = options.GrowMorphism == GrowthMorphism.Node ? 0 : options.Search.Epochs;
        return options.Space == RecurrentSpace.Tib
            ? new TibSearchCell(inputSize, options.Hidden, n0, Math.Max(max, n0 + options.Search.Epochs), random, options.CellInputDropout, options.CellHiddenDropout, edges, options.TibBound)
            : new DartsRnnSearchCell(inputSize, options.Hidden, n0, max, random, options.CellInputDropout, options.CellHiddenDropout, options.BatchNorm, weightedOutput: options.Grow != GrowthMode.None);
    }

    private static RecurrentSearchResult Run<TBatch>(RecurrentSearchOptions options, int inputSize, KeyedRandom random, Func<RecurrentCell, Module> model, ISearchTask<TBatch> task, ISearchData<TBatch> weights, ISearchData<TBatch> alpha, Callbacks? callbacks, string? checkpointDirectory)
        where TBatch : class
    {
        var cell = CreateCell(options, inputSize, random);
        var supernet = new RecurrentSupernet(cell, model, new SoftmaxChoicePolicy(new ChoiceTables(cell.Shapes, new Random(0))), r => CreateCell(options, inputSize, r));
        var runner = new RecurrentSearchPartRunner<TBatch>(options, inputSize, random, task, weights, alpha, callbacks?.OnGrowth);
        if (options.FewShot is { } fewShot)
        {
            return RecurrentFewShotSearch.Run(supernet, runner, options, fewShot, callbacks, checkpointDirectory);
        }

        var trainer = runner.CreateTrainer(supernet, options.Search, null);
        callbacks?.OnPart?.Invoke(new RecurrentSearchPart(SearchPart, options.Search.Epochs, options.Search.Epochs, trainer));
        return runner.Score(trainer, runner.Search(trainer, callbacks?.OnEpoch, checkpointDirectory));
    }
}
