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

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --space chain|darts --evaluator oneshot|fewshot --strategy S</c>: weight-sharing search on the chain
/// (ShuffleNetV2 blocks) or DARTS CNN space, end to end in one process: the one-shot supernet (SPOS), with fewshot one
/// sub-supernet per choice of the --edge row (chain: a layer; darts: a normal-cell edge) trained from its weights, the
/// strategy scoring architectures with inherited weights on the held-out images, and the winner trained stand-alone.
/// Writes trials.csv and summary.json.
/// </summary>
internal static class SpaceSearchRun
{
    private static readonly string[] TrialColumns = ["trial", "genotype", "search", "elapsed_seconds", "best_search"];

    public static int Run(SearchOptions options, TextWriter output)
    {
        var o = options.Run!;
        var data = FewShotData.Load(options.Dataset, options.DataDirectory, o.Data);
        var imageSize = data.Train.Height;
        return options.Space switch
        {
            SearchSpaceKind.Chain => Search(options, data, output, new ChainSpace(new ChainSpaceOptions().Layers), new ChainSupernet(Chain(data), new FixedChoicePolicy([new int[Chain(data).Layers]]), new Random(options.Seed)), g => [g.Choices.Select(c => (int)c).ToArray()], ChainGenotype.Parse, g => new ChainNetwork(g, Chain(data), new Random(options.Seed))),
            _ => Search(options, data, output, DartsSpace.Instance, Darts(o, data, imageSize), DartsSearchNetwork.PathOf, DartsGenotype.Parse, g => new DartsNetwork(g, DartsOptions(o, data, imageSize), new Random(options.Seed))),
        };
    }

    private static ChainSpaceOptions Chain(FewShotData data) => new() { Classes = data.Train.ClassCount, InputChannels = data.Train.Channels };

    private static DartsNetworkOptions DartsOptions(FewShotRunOptions o, FewShotData data, int imageSize) => new(o.Channels, (3 * o.CellsPerStage) + 2, data.Train.ClassCount, data.Train.Channels, Auxiliary: false, imageSize);

    private static DartsSearchNetwork Darts(FewShotRunOptions o, FewShotData data, int imageSize) => new(DartsOptions(o, data, imageSize), new FixedChoicePolicy([new int[14], new int[14]]), new Random(o.Data.Seed));

    private static int Search<TGenotype>(
        SearchOptions options,
        FewShotData data,
        TextWriter output,
        ISearchSpace<TGenotype> space,
        ChoiceSupernet root,
        Func<TGenotype, IReadOnlyList<int[]>> pathOf,
        Func<string, TGenotype> parse,
        Func<TGenotype, Module> standalone)
        where TGenotype : notnull
    {
        var o = options.Run!;
        var clock = Stopwatch.StartNew();
        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", options);
        var fewShot = options.Evaluator == EvaluatorKind.FewShot;
        output.WriteLine(Invariant($"{options.EvaluatorName} NAS on {data.Dataset} ({data.Train.Count} training, {data.Validation.Count} held-out, {data.Test.Count} test images), {options.SpaceName} space, {root.ParameterCount():N0} supernet parameters; run directory {run.Path}"));
        if (fewShot)
        {
            output.WriteLine(Invariant($"[1/3] one-shot supernet: {o.OneShotEpochs} epochs (SPOS); then {root.Mask.Open(0, o.SplitEdge).Length} sub-supernets of {root.RowName(0, o.SplitEdge)}, {o.SplitEpochs} epoch(s) each from its weights"));
        }
        else
        {
            output.WriteLine(Invariant($"[1/3] one-shot supernet: {o.OneShotEpochs} epochs (SPOS)"));
        }

        var printers = new Dictionary<string, SupernetProgressPrinter>();
        var training = new SupernetTrainingOptions { Epochs = o.OneShotEpochs, LearningRate = o.LearningRate, Seed = options.Seed };
        var supernets = WeightSharingSupernets.Train(root, data.TrainLoader(), training, fewShot ? (0, o.SplitEdge) : null, o.SplitEpochs, (part, p) =>
        {
            if (!printers.TryGetValue(part, out var printer))
            {
                printers[part] = printer = new SupernetProgressPrinter(output, part, 10, checkpointed: false);
            }

            printer.Report(p);
        });
        var supernetSeconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"[2/3] {options.StrategyName} on the {options.EvaluatorName} supernet, {SearchRun.BudgetText(options)}, scored on {data.Validation.Count} held-out images");
        var evaluator = new SupernetEvaluator<TGenotype>(supernets, data.ValidationLoader(), pathOf);
        SearchResult<TGenotype> result;
        using (var trials = run.CreateCsv("trials.csv", TrialColumns))
        {
            // One search (repeat 0's seed), through the same pipeline as the NB201 searches.
            var progress = new ProgressReporter(output, "search");
            var recorder = new SearchRecorder<TGenotype>(r =>
            {
                trials.WriteRow(r.Trial.Number, r.Trial.Genotype.ToString(), r.Trial.Result.Score, r.Trial.ElapsedSeconds, r.Trial.BestScore);
                trials.Flush();
                var (done, total) = options.Budget is { } queries ? ((double)r.Trial.Number, (double)queries) : (r.Trial.ElapsedSeconds, options.TimeBudget ?? 1);
                progress.Update(done, total, Invariant($"trial {r.Trial.Number}  best {r.Trial.BestScore:F2}%"));
            });
            result = new RepeatedSearch<TGenotype>(space, evaluator, options.SearchSettings() with { Budget = SearchBudget.Of(options.Budget, null), Repeats = 1 }).Run(recorder)[0];
        }

        var searchSeconds = clock.Elapsed.TotalSeconds - supernetSeconds;
        output.WriteLine(Invariant($"found {result.Best}: supernet score {result.BestResult.Score:F2}% ({result.Queries} queries, {evaluator.Evaluated} distinct)"));

        output.WriteLine($"[3/3] stand-alone training of the winner, {o.FinalEpochs} epochs");
        var network = standalone(parse(result.Best.ToString()!));
        var printer = new TrainingProgressPrinter(output, "stand-alone");
        var final = new ClassifierTraining(network, RetrainingRecipe.For(DatasetCatalog.Parse(data.Dataset), o.FinalEpochs, o.Data.BatchSize, o.LearningRate, data.Normalization, options.Seed)).Run(data.Train, data.Test, printer.Epochs(r =>
            Invariant($"stand-alone: epoch {r.Epoch}/{r.Epochs}  loss {r.TrainLoss:F3}  train acc {100 * r.TrainAccuracy:F1}%  {r.Seconds:F0} s")), stepProgress: printer.Steps);
        SavedModel.SaveInRun(run.Path, ModelCard.ForImages(GenotypeText.ParseSpace(options.SpaceName), result.Best.ToString()!, ModelNetworks.Skeleton(GenotypeText.ParseSpace(options.SpaceName), o.Channels, o.CellsPerStage), data.Train, data.Normalization, data.Dataset, new Dictionary<string, double> { ["test_accuracy"] = Math.Round(100 * final.Test!.Accuracy, 2), ["epochs"] = o.FinalEpochs }), network);
        var summary = new
        {
            space = options.SpaceName,
            evaluator = options.EvaluatorName,
            strategy = options.StrategyName,
            dataset = data.Dataset,
            genotype = result.Best.ToString(),
            supernet_score = result.BestResult.Score,
            queries = result.Queries,
            distinct_evaluated = evaluator.Evaluated,
            test_accuracy = Math.Round(100 * final.Test!.Accuracy, 2),
            final_epochs = o.FinalEpochs,
            params_count = network.ParameterCount(),
            supernet_seconds = Math.Round(supernetSeconds, 1),
            search_seconds = Math.Round(searchSeconds, 1),
            final_seconds = Math.Round(final.Seconds, 1),
            wall_seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            run_directory = run.Path,
        };
        run.WriteJson("summary.json", summary);
        output.WriteLine(Invariant($"stand-alone test accuracy {summary.test_accuracy:F2}% after {o.FinalEpochs} epochs; total {summary.wall_seconds:F0} s; run stored in {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
