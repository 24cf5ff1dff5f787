using System.Diagnostics;
using System.Globalization;
using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Search.Evaluation;
using NasSharp.Search.FewShot;
using NasSharp.Search.Models;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Strategies;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Store;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --space chain|darts --evaluator oneshot|fewshot --strategy S</c>: weight-sharing search on the chain
/// (ShuffleNetV2 blocks) or DARTS CNN space, end to end in one process: the one-shot supernet (SPOS), with fewshot one
/// sub-supernet per choice of the --edge row (chain: a layer; darts: a normal-cell edge) trained from its weights, the
/// strategy scoring architectures with inherited weights on the held-out images, and the winner trained stand-alone.
/// Writes trials.csv and summary.json, and every trial to the run's study in the store (<see cref="SearchSession"/>).
/// Resumable: every supernet checkpoints per epoch in RUN/supernet, the search replays the stored trials into its seeded
/// strategy, and the winner's training checkpoints per epoch in RUN/final.
/// </summary>
internal static class SpaceSearchRun
{
    /// <summary>The folder of the run directory holding the supernets' checkpoints.</summary>
    public const string SupernetFolder = "supernet";

    private static readonly string[] TrialColumns = ["trial", "genotype", "search", "elapsed_seconds", "best_search"];

    /// <summary>Runs the search, or with <paramref name="resume"/> (the run directory) continues a killed one.</summary>
    public static int Run(SearchOptions options, string? resume, TextWriter output)
    {
        var o = options.Run!;
        var data = FewShotData.Load(options.Dataset, options.DataDirectory, o.Data);
        var imageSize = data.Train.Height;
        if (options.Space == SearchSpaceKind.Chain)
        {
            var chain = new ChainSpaceOptions { Classes = data.Train.ClassCount, InputChannels = data.Train.Channels };
            return Search(options, resume, data, output, new SpaceParts<ChainGenotype>(
                new ChainSpace(new ChainSpaceOptions().Layers),
                new ChainSupernet(chain, new FixedChoicePolicy([new int[chain.Layers]]), new Random(options.Seed)),
                g => [g.Choices.Select(c => (int)c).ToArray()],
                ChainGenotype.Parse,
                g => new ChainNetwork(g, chain, new Random(options.Seed))));
        }

        var darts = new DartsNetworkOptions(o.Channels, (3 * o.CellsPerStage) + 2, data.Train.ClassCount, data.Train.Channels, Auxiliary: false, imageSize);
        return Search(options, resume, data, output, new SpaceParts<DartsGenotype>(
            DartsSpace.Instance,
            new DartsSearchNetwork(darts, new FixedChoicePolicy([new int[14], new int[14]]), new Random(o.Data.Seed)),
            DartsSearchNetwork.PathOf,
            DartsGenotype.Parse,
            g => new DartsNetwork(g, darts, new Random(options.Seed))));
    }

    private static int Search<TGenotype>(SearchOptions options, string? resume, FewShotData data, TextWriter output, SpaceParts<TGenotype> parts)
        where TGenotype : notnull
    {
        var o = options.Run!;
        var clock = Stopwatch.StartNew();
        using var session = SearchSession.Open(options, resume);
        var run = session.Run;
        output.WriteLine(Invariant($"{options.EvaluatorName} NAS on {data.Dataset} ({data.Train.Count} training, {data.Validation.Count} held-out, {data.Test.Count} test images), {options.SpaceName} space, {parts.Root.ParameterCount():N0} supernet parameters; run directory {run.Path}{(resume != null ? " (resuming)" : string.Empty)}"));
        var supernets = TrainSupernets(options, data, parts.Root, run, output);
        var supernetSeconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"[2/3] {options.StrategyName} on the {options.EvaluatorName} supernet, {SearchRun.BudgetText(options)}, scored on {data.Validation.Count} held-out images");
        var evaluator = new SupernetEvaluator<TGenotype>(supernets, data.ValidationLoader(), parts.PathOf);
        var result = RunSearch(options, parts.Space, evaluator, session, output);
        // Distinct genotypes queried: what the evaluator's cache holds after an uninterrupted run, also when trials were replayed.
        var distinct = result.Trials.Select(t => t.Genotype).Distinct().Count();
        var searchSeconds = clock.Elapsed.TotalSeconds - supernetSeconds;
        output.WriteLine(Invariant($"found {result.Best}: supernet score {result.BestResult.Score:F2}% ({result.Queries} queries, {distinct} distinct)"));

        output.WriteLine($"[3/3] stand-alone training of the winner, {o.FinalEpochs} epochs{(File.Exists(Path.Combine(run.Path, WinnerTraining.FinalFolder, ClassifierTrainingCheckpoint.FileName)) ? " (continuing from its checkpoint)" : string.Empty)}");
        var network = parts.Standalone(parts.Parse(result.Best.ToString()!));
        var final = TrainWinner(options, data, network, run, output);
        var testAccuracy = Math.Round(100 * final.Test!.Accuracy, 2);
        var space = GenotypeText.ParseSpace(options.SpaceName);
        SavedModel.SaveInRun(run.Path, ModelCard.ForImages(space, result.Best.ToString()!, ModelNetworks.Skeleton(space, o.Channels, o.CellsPerStage), data.Train, data.Normalization, data.Dataset, new Dictionary<string, double> { ["test_accuracy"] = testAccuracy, ["epochs"] = o.FinalEpochs }), network);
        var summary = new
        {
            space = options.SpaceName,
            evaluator = options.EvaluatorName,
            strategy = options.StrategyName,
            dataset = data.Dataset,
            genotype = result.Best.ToString(),
            supernet_score = result.BestResult.Score,
            queries = result.Queries,
            distinct_evaluated = distinct,
            test_accuracy = testAccuracy,
            final_epochs = o.FinalEpochs,
            params_count = network.ParameterCount(),
            supernet_seconds = Math.Round(supernetSeconds, 1),
            search_seconds = Math.Round(searchSeconds, 1),
            final_seconds = Math.Round(final.Seconds, 1),
            wall_seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            run_directory = run.Path,
        };
        run.WriteJson("summary.json", summary);
        session.Complete();
        output.WriteLine(Invariant($"stand-alone test accuracy {summary.test_accuracy:F2}% after {o.FinalEpochs} epochs; total {summary.wall_seconds:F0} s; run stored in {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return 0;
    }

    // Step 1: the one-shot supernet and, for fewshot, its sub-supernets, each checkpointed per epoch in RUN/supernet
    // (a resumed run continues each from its checkpoint; a finished one returns at once).
    private static FewShotSupernet TrainSupernets(SearchOptions options, FewShotData data, ChoiceSupernet root, RunDirectory run, TextWriter output)
    {
        var o = options.Run!;
        var fewShot = options.Evaluator == EvaluatorKind.FewShot;
        output.WriteLine(fewShot
            ? Invariant($"[1/3] one-shot supernet: {o.OneShotEpochs} epochs (SPOS); then {root.Mask.Open(0, o.SplitEdge).Length} sub-supernets of {root.RowName(0, o.SplitEdge)}, {o.SplitEpochs} epoch(s) each from its weights")
            : Invariant($"[1/3] one-shot supernet: {o.OneShotEpochs} epochs (SPOS)"));
        var printers = new Dictionary<string, SupernetProgressPrinter>();
        var training = new SupernetTrainingOptions { Epochs = o.OneShotEpochs, LearningRate = o.LearningRate, Seed = options.Seed };
        return WeightSharingSupernets.Train(root, data.TrainLoader(), training, fewShot ? (0, o.SplitEdge) : null, o.SplitEpochs, (part, p) =>
        {
            if (!printers.TryGetValue(part, out var printer))
            {
                printers[part] = printer = new SupernetProgressPrinter(output, part);
            }

            printer.Report(p);
        }, Path.Combine(run.Path, SupernetFolder), CliTermination.Token);
    }

    // Step 2: one search (repeat 0's seed) through the same pipeline as the NB201 searches: trials.csv flushed row by row
    // (rewritten from the start on resume), each trial evaluated here committed to the store, the stored ones replayed.
    private static SearchResult<TGenotype> RunSearch<TGenotype>(SearchOptions options, ISearchSpace<TGenotype> space, IEvaluator<TGenotype> evaluator, SearchSession session, TextWriter output)
        where TGenotype : notnull
    {
        var log = new SearchTrialLog(session.Store, session.Study.Id, SearchCommitPolicy.PerTrial);
        var progress = new ProgressReporter(output, "search");
        var trialClock = Stopwatch.StartNew();
        using var trials = session.Run.CreateCsv("trials.csv", TrialColumns);
        var recorder = new SearchRecorder<TGenotype>(r =>
        {
            var t = r.Trial;
            trials.WriteRow(t.Number, t.Genotype.ToString(), t.Result.Score, t.ElapsedSeconds, t.BestScore);
            trials.Flush();
            if (!r.Replayed)
            {
                log.Add(new SearchTrialEntry(r.Repeat, r.Seed, t.Number, t.Genotype.ToString()!, t.Result.Score, t.Result.Reported, t.Result.CostSeconds, trialClock.Elapsed.TotalSeconds, t.Result.Failure));
            }

            trialClock.Restart();
            var (done, total) = options.Budget is { } queries ? ((double)t.Number, (double)queries) : (t.ElapsedSeconds, options.TimeBudget ?? 1);
            progress.Update(done, total, Invariant($"trial {t.Number}  best {t.BestScore:F2}%"));
            // The trial is in the file and the store: a signal may stop the search here.
            CliTermination.SafePoint();
        });
        var settings = options.SearchSettings() with { Budget = SearchBudget.Of(options.Budget, null), Repeats = 1 };
        return new RepeatedSearch<TGenotype>(space, evaluator, settings).Run(recorder, session.Replay())[0];
    }

    // Step 3: the winner trained from scratch with the one retraining recipe, checkpointed per epoch in RUN/final.
    private static ClassifierTrainingResult TrainWinner(SearchOptions options, FewShotData data, Module network, RunDirectory run, TextWriter output)
    {
        var o = options.Run!;
        var printer = new TrainingProgressPrinter(output, "stand-alone");
        var recipe = RetrainingRecipe.For(DatasetCatalog.Parse(data.Dataset), o.FinalEpochs, o.Data.BatchSize, o.LearningRate, data.Normalization, options.Seed);
        return new ClassifierTraining(network, recipe).Run(data.Train, data.Test, printer.Epochs(r =>
            Invariant($"stand-alone: epoch {r.Epoch}/{r.Epochs}  loss {r.TrainLoss:F3}  train acc {100 * r.TrainAccuracy:F1}%  {r.Seconds:F0} s")),
            Path.Combine(run.Path, WinnerTraining.FinalFolder), printer.Steps, CliTermination.Token);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // What differs between the spaces: the space, its supernet, a genotype's path in it, and its stand-alone network.
    private sealed record SpaceParts<TGenotype>(ISearchSpace<TGenotype> Space, ChoiceSupernet Root, Func<TGenotype, IReadOnlyList<int[]>> PathOf, Func<string, TGenotype> Parse, Func<TGenotype, Module> Standalone)
        where TGenotype : notnull;
}
