using System.Globalization;
using System.Text.Json;
using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;
using NasSharp.Store;
using NasSharp.Tasks.Forecasting;
using NasSharp.Tasks.LanguageModeling;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --space darts-rnn|tib --task lm|forecast --method ... --grow none|gtp|igp</c>: runs
/// <see cref="RecurrentSearch"/> on PTB / an LSTNet series (--data) or the built-in synthetic data, records every epoch
/// (epochs.csv), the architecture weights (architecture.csv), the alpha-stream loss (alpha_loss.csv) and growth events
/// (growth.csv), checkpoints every epoch (search.safetensors), retrains a derived cell from scratch (forecasting:
/// beside persistence), and writes summary.json. With <c>--fewshot</c> the search is few-shot
/// (<see cref="RecurrentFewShotSearch"/>): every part checkpoints into its own folder (<c>oneshot/</c>,
/// <c>split-ROW-CHOICE/</c>), the records name the part of each row, and summary.json lists the parts and the chosen one
/// (<see cref="RecurrentSearchRecords"/>). <c>--resume NAME</c> continues a killed run in its directory: the
/// options must be the saved ones (<see cref="RecurrentRunOptions"/>), the search goes on from its last checkpoint
/// (growth events included) and the records are written again from the checkpoint's, so they end as an uninterrupted
/// run's.
/// </summary>
internal static class RecurrentSearchRun
{
    public static int Run(RecurrentSearchCliOptions options, TextWriter output)
    {
        var o = options.Search;
        // Not disposed here: the invocation records how the run ended (failed, interrupted) in every run it opened.
        var run = OpenRun(options);
        CliTermination.ResumeWith($"nas search --resume {run.Path}");
        if (options.Resume != null)
        {
            output.WriteLine($"resuming {run.Path}");
        }

        using var records = new RecurrentSearchRecords(run, o, output);
        var summary = o.Task == RecurrentTask.Lm ? LanguageModel(options, records, run.Path, output) : Forecast(options, records, run.Path, output);
        run.WriteJson("summary.json", summary.Json);
        run.Complete();
        output.WriteLine($"genotype {summary.Result.Genotype} ({summary.Result.CellParameters:N0} cell parameters{(summary.Result.HasHadamard ? ", with a Hadamard op" : string.Empty)}); run directory {run.Path}");
        if (o.Task == RecurrentTask.Forecast)
        {
            output.WriteLine($"next: nas train --task forecast --genotype \"{summary.Result.Genotype}\" --hidden {o.Hidden} --loss mse --data DIR");
        }
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary.Json));
        }

        return 0;
    }

    // A new run directory with the options, or (--resume) the killed run's, whose saved options must be these.
    private static RunDirectory OpenRun(RecurrentSearchCliOptions options)
    {
        var saved = RecurrentRunOptions.Of(options);
        if (options.Resume is { } name)
        {
            var path = RunResume.PathOf(options.Out, name, options.Name);
            if (File.Exists(Path.Combine(path, "options.json")))
            {
                OutputJson.Deserialize<RecurrentRunOptions>(File.ReadAllText(Path.Combine(path, "options.json")))?.RefuseResumeOfOldTib(Path.GetFullPath(path));
            }

            return RunResume.Open(path, saved, RecurrentRunOptions.OptionNames);
        }

        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", saved);
        return run;
    }

    // A resumed run reads its data files again: they must be the ones it recorded when it started.
    private static void CheckResumedData(RecurrentSearchCliOptions options, string directory)
    {
        if (options.Resume != null)
        {
            RunDataFiles.VerifyRecorded(directory);
        }
    }

    private static (RecurrentSearchResult Result, Dictionary<string, object?> Json) LanguageModel(RecurrentSearchCliOptions options, RecurrentSearchRecords records, string directory, TextWriter output)
    {
        var data = options.Data == null
            ? SyntheticSequences.Tokens(options.Search.Search.Seed)
            : FromCorpus(TextCorpus.Load(options.Data), options.TrainTokens, options.AlphaTokens);
        CheckResumedData(options, directory);
        output.WriteLine($"nas search: {Name(options.Search.Space)} language model on {(options.Data == null ? "synthetic tokens" : "PTB")} ({data.Train.Length:N0} weight / {data.Alpha.Length:N0} alpha tokens, vocabulary {data.VocabularySize:N0}; bptt {options.Search.Bptt}{(options.Search.RandomBptt ? " drawn per window" : " fixed")})");
        var result = RecurrentSearch.RunLanguageModel(options.Search, data, records.Callbacks, directory);
        var json = Summary(result, options);
        records.Searched(result, json);
        json["alpha_perplexity"] = Math.Round(Math.Exp(result.AlphaLosses[^1].Loss), 2);
        if (options.RetrainEpochs > 0)
        {
            var o = options.Search;
            var random = new KeyedRandom(o.Search.Seed);
            var model = new CellLanguageModel(data.VocabularySize, RecurrentCells.Create(result.Genotype, o.Hidden, o.Hidden, random, tibBound: o.TibBound), random);
            var recipe = new LanguageModelTrainingOptions
            {
                Epochs = options.RetrainEpochs, BatchSize = o.BatchSize, Bptt = o.Bptt, LearningRate = o.Search.WeightLearningRate, GradientClip = o.Search.GradientClip,
                BpttLengths = o.RandomBptt ? BpttLengthRule.DartsRetrain : BpttLengthRule.Fixed, Seed = o.Search.Seed,
            };
            var trained = new LanguageModelTraining(new CellLanguageModelWindows(model, o.TemporalBeta), recipe).Run(data.Train, data.Valid, data.Test, new ProgressCallback<LanguageModelEpochReport>(r =>
                output.WriteLine(FormattableString.Invariant($"retrain {r.Epoch,3}/{recipe.Epochs}  train ppl {r.TrainPerplexity:F2}  valid ppl {r.ValidPerplexity:F2}")), safePoint: false), checkpointDirectory: Path.Combine(directory, RetrainFolder), cancellation: CliTermination.Token);
            (json["valid_perplexity"], json["test_perplexity"], json["params"]) = (Math.Round(trained.BestValidPerplexity, 2), Math.Round(trained.TestPerplexity, 2), model.ParameterCount());
            output.WriteLine(FormattableString.Invariant($"retrained cell: valid perplexity {trained.BestValidPerplexity:F2}, test perplexity {trained.TestPerplexity:F2}"));
        }

        return (result, json);
    }

    private static LanguageModelData FromCorpus(TextCorpus corpus, int? trainTokens, int? alphaTokens) =>
        LanguageModelData.FromCorpus(corpus.Vocabulary.Count, corpus.Train, corpus.Valid, corpus.Test, trainTokens, alphaTokens);

    private static (RecurrentSearchResult Result, Dictionary<string, object?> Json) Forecast(RecurrentSearchCliOptions options, RecurrentSearchRecords records, string directory, TextWriter output)
    {
        var o = options.Search;
        var series = options.Data == null ? SyntheticSequences.Series(o.Search.Seed)
            : File.Exists(options.Data) ? TimeSeriesDataset.Load(options.Data)
            : Directory.Exists(options.Data) ? TimeSeriesDataset.LoadNamed(options.Series, options.Data)
            : throw new FileNotFoundException($"--data '{options.Data}' is neither a series file nor a folder");
        CheckResumedData(options, directory);
        output.WriteLine($"nas search: {Name(o.Space)} forecaster on {series.Name} ({series.Rows} rows x {series.Columns} series), window {o.Window}, horizon {o.Horizon}");
        var result = RecurrentSearch.RunForecast(o, series, records.Callbacks, directory);
        var json = Summary(result, options);
        records.Searched(result, json);
        var windows = series.Windows(o.Window, o.Horizon);
        var persistence = PersistenceForecast.Evaluate(series, windows, windows.TestTargets);
        json["persistence_test_rse"] = Math.Round(persistence.Rse, 5);
        json["persistence_test_corr"] = Math.Round(persistence.Corr, 5);
        if (options.RetrainEpochs > 0)
        {
            var random = new Random(o.Search.Seed);
            var model = new CellForecaster(RecurrentCells.Create(result.Genotype, series.Columns, o.Hidden, random, tibBound: o.TibBound), random);
            var recipe = new ForecastTrainingOptions { Window = o.Window, Horizon = o.Horizon, Epochs = options.RetrainEpochs, BatchSize = o.BatchSize, Loss = ForecastLoss.Mse, Seed = o.Search.Seed };
            var trained = new ForecastTraining(model, recipe).Run(series, new ProgressCallback<ForecastEpochReport>(r =>
                output.WriteLine(FormattableString.Invariant($"retrain {r.Epoch,3}/{r.Epochs}  loss {r.TrainLoss:F5}  valid RSE {r.ValidRse:F4}  CORR {r.ValidCorr:F4}"))), Path.Combine(directory, RetrainFolder), CliTermination.Token);
            (json["valid_rse"], json["valid_corr"], json["test_rse"], json["test_corr"]) = (Math.Round(trained.ValidRse, 5), Math.Round(trained.ValidCorr, 5), Math.Round(trained.TestRse, 5), Math.Round(trained.TestCorr, 5));
            json["params"] = model.ParameterCount();
            output.WriteLine(FormattableString.Invariant($"retrained cell: test RSE {trained.TestRse:F4} CORR {trained.TestCorr:F4} (persistence: RSE {persistence.Rse:F4} CORR {persistence.Corr:F4})"));
        }

        return (result, json);
    }

    /// <summary>The folder of the run directory holding the retraining's epoch checkpoint (forecasting).</summary>
    public const string RetrainFolder = "retrain";

    private static Dictionary<string, object?> Summary(RecurrentSearchResult result, RecurrentSearchCliOptions options) => new()
    {
        ["genotype"] = result.Genotype,
        ["cell_params"] = result.CellParameters,
        ["has_hadamard"] = result.HasHadamard,
        ["space"] = Name(options.Search.Space),
        ["tib_bound"] = options.Search.TibBound,
        ["grow"] = options.Search.Grow.ToString().ToLowerInvariant(),
        ["grow_morphism"] = RecurrentSearchCli.Name(options.Search.GrowMorphism),
        ["method"] = DifferentiableMethods.Name(options.Search.Search.Method),
        ["few_shot"] = result.FewShot != null,
        ["wall_seconds"] = Math.Round(result.FewShot?.Seconds ?? result.Search.Seconds, 2),
        ["node_steps"] = result.FewShot?.NodeSteps ?? (result.AlphaLosses.Count == 0 ? 0 : result.AlphaLosses[^1].NodeSteps),
        // A diverged search's last loss is NaN or infinite, which JSON cannot hold: recorded as null (its epochs.csv keeps it).
        ["final_alpha_loss"] = result.AlphaLosses.Count == 0 || !double.IsFinite(result.AlphaLosses[^1].Loss) ? null : Math.Round(result.AlphaLosses[^1].Loss, 6),
        ["growth_events"] = result.Growth.Count(g => g.NewGroup != null || g.NewEdge != null),
        ["edges_grown"] = result.Growth.Count(g => g.NewEdge != null),
        ["growth_stop"] = result.Growth.LastOrDefault(g => g.Stop != GrowthStop.None)?.Stop.ToString(),
    };

    private static string Name(RecurrentSpace space) => RecurrentSearchCli.Name(space);
}
