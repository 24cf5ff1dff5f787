using System.Diagnostics;
using System.Globalization;
using NasSharp.Search.Supernets;
using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Strategies;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The <c>--evaluator oneshot|fewshot --supernet DIR</c> branch of <c>nas search</c>: any strategy searches the space
/// of a trained supernet directory (NAS-Bench-201 or chain, as its supernet.json says) with scores from its supernets
/// (held-out accuracy with inherited weights), and the best pick is trained stand-alone. With <c>--table FILE</c>
/// (NAS-Bench-201), the chosen architecture's <c>--report-metric</c> is looked up there (a ground-truth table).
/// </summary>
internal static class SupernetSearch
{
    public static int Run(SearchOptions options, string? resume, TextWriter output)
    {
        var directory = SupernetDirectory.Open(options.SupernetPath!);
        var manifest = directory.Manifest;
        if (options.Dataset.Length > 0 && options.Dataset != manifest.Dataset)
        {
            throw new ArgumentException($"--dataset {options.Dataset} differs from the dataset the supernet in {directory.Path} was trained on ({manifest.Dataset})");
        }

        if (options.Space != directory.Space.Kind && options.Space != SearchSpaceKind.Nb201)
        {
            throw new ArgumentException($"--space {options.SpaceName} differs from the space of the supernet in {directory.Path} ({directory.Space.Name})");
        }

        var view = options.Evaluator == EvaluatorKind.OneShot ? SupernetView.OneShot : SupernetView.FewShot;
        var set = FewShotSupernet.Load(directory, view == SupernetView.OneShot ? 0 : int.MaxValue);
        if (view == SupernetView.FewShot && set.Depth == 0)
        {
            throw new InvalidOperationException($"{directory.Path} has no sub-supernets: train them with nas supernet split --dir {directory.Path} --edge 0, or search with --evaluator oneshot");
        }

        var data = FewShotData.Load(manifest.Dataset, options.DataDirectory, manifest.Data);
        options = options with { Dataset = manifest.Dataset };
        if (directory.Space is ChainSupernetSpace chain)
        {
            return RunChain(options with { Space = SearchSpaceKind.Chain }, resume, directory, chain, set, data, output);
        }

        using var session = SearchSession.Open(options, resume);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nas search: {options.StrategyName} on {options.SpaceName} scored by the {(view == SupernetView.OneShot ? "one-shot supernet" : $"few-shot supernet ({set.Supernets.Count} supernets, depth {set.Depth})")} in {directory.Path}, {data.Validation.Count} held-out {manifest.Dataset} images, {SearchRun.BudgetText(options)}, {options.Repeat} repeat(s), seed {options.Seed}"));
        var clock = Stopwatch.StartNew();
        var results = SearchRun.Run(options, Reporting(new SupernetEvaluator<Nb201Genotype>(set, data.ValidationLoader(), Nb201Supernet.PathOf), options), session, output);
        var searchSeconds = clock.Elapsed.TotalSeconds;
        DeliverWinner(options, results, data, manifest, session.Run, output);
        SearchRun.Finish(options, results, searchSeconds, session.Run, output);
        session.Complete();
        return 0;
    }

    // The chain space's route: the same search loop, records and winner delivery, on chain genotypes.
    private static int RunChain(SearchOptions options, string? resume, SupernetDirectory directory, ChainSupernetSpace chain, FewShotSupernet set, FewShotData data, TextWriter output)
    {
        if (options.TablePath is { } table)
        {
            throw new ArgumentException($"--table {table} reports from a NAS-Bench-201 table; {directory.Path} holds a chain supernet (rank its scores against a chain ground truth with nas rank instead)");
        }

        using var session = SearchSession.Open(options, resume);
        var view = options.Evaluator == EvaluatorKind.OneShot ? "one-shot supernet" : $"few-shot supernet ({set.Supernets.Count} supernets, depth {set.Depth})";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nas search: {options.StrategyName} on the chain space ({chain.Rows} layers) scored by the {view} in {directory.Path}, {data.Validation.Count} held-out {data.Dataset} images, {SearchRun.BudgetText(options)}, {options.Repeat} repeat(s), seed {options.Seed}"));
        var clock = Stopwatch.StartNew();
        var evaluator = new SupernetEvaluator<ChainGenotype>(set, data.ValidationLoader(), ChainSupernetSpace.PathOf);
        var results = SearchRun.Run(options, new ChainSpace(chain.Rows), evaluator, session, output);
        var searchSeconds = clock.Elapsed.TotalSeconds;
        var o = options.Run!;
        var best = results.MaxBy(r => r.BestResult.Score)!;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stand-alone training of the winner {best.Best}: {o.FinalEpochs} epochs (--final-epochs), the supernet's chain skeleton, {data.Train.Count} training images"));
        var (final, model) = WinnerTraining.TrainAndSave(best.Best, chain.Skeleton, data, o.FinalEpochs, o.LearningRate, options.Seed, best.BestResult.Score, session.Run, output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"winner: stand-alone test accuracy {final.TestAccuracy:F2}% ({data.Test.Count} test images), saved in {model}; next: nas predict --model {session.Run.Path} --dataset {data.Dataset}"));
        SearchRun.Finish(options, results, searchSeconds, session.Run, output);
        session.Complete();
        return 0;
    }

    // The best of the repeats, trained from scratch on the supernet's data with its skeleton, and saved as RUN/model.
    private static void DeliverWinner(SearchOptions options, IReadOnlyList<SearchResult<Nb201Genotype>> results, FewShotData data, SupernetManifest manifest, RunDirectory run, TextWriter output)
    {
        var o = options.Run!;
        var best = results.MaxBy(r => r.BestResult.Score)!;
        var skeleton = (manifest.Channels, manifest.CellsPerStage);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stand-alone training of the winner {best.Best}: {o.FinalEpochs} epochs (--final-epochs), C={skeleton.Channels} N={skeleton.CellsPerStage} as the supernet, {data.Train.Count} training images"));
        var final = WinnerTraining.Train(best.Best, data, skeleton, o.FinalEpochs, o.LearningRate, options.Seed, run, output);
        var model = WinnerTraining.Save(run, data, final, skeleton, o.FinalEpochs, best.BestResult.Score);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"winner: stand-alone test accuracy {final.TestAccuracy:F2}% ({data.Test.Count} test images), saved in {model}; next: nas predict --model {run.Path} --dataset {data.Dataset}   or   nas export --model {run.Path} --onnx"));
    }

    /// <summary>
    /// <c>--evaluator train</c>: every trial is trained from scratch for --final-epochs epochs (vanilla NAS); the strategy sees
    /// held-out accuracy and the test accuracy is reported. Meant for tiny skeletons and budgets.
    /// </summary>
    public static int RunStandalone(SearchOptions options, string? resume, TextWriter output)
    {
        var o = options.Run!;
        var data = FewShotData.Load(options.Dataset, options.DataDirectory, o.Data);
        using var session = SearchSession.Open(options, resume);
        using var external = options.Workers == SearchWorkers.External
            ? new ExternalTrainingEvaluator(session.Store, session.Study.Id, TrainingUnit(options), TimeSpan.FromMilliseconds(200))
            : null;
        IEvaluator<Nb201Genotype> evaluator = external is null
            ? new StandaloneEvaluator(data, o.Channels, o.CellsPerStage, o.FinalEpochs, o.LearningRate, options.Seed)
            : external;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nas search: {options.StrategyName} on {options.SpaceName}, every trial trained stand-alone ({data.Dataset}, {data.Train.Count} images, C={o.Channels} N={o.CellsPerStage}, {o.FinalEpochs} epochs){(external is null ? string.Empty : $" as units for nas worker processes, {options.InFlight} in flight")}, {SearchRun.BudgetText(options)}, {options.Repeat} repeat(s), seed {options.Seed}"));
        var clock = Stopwatch.StartNew();
        var results = SearchRun.Run(options, Reporting(evaluator, options), session, output);
        SearchRun.Finish(options, results, clock.Elapsed.TotalSeconds, session.Run, output);
        session.Complete();
        return 0;
    }

    /// <summary>A trial of --evaluator train as a worker unit: the in-process recipe's every setting.</summary>
    private static GroundTruthUnit TrainingUnit(SearchOptions options)
    {
        var o = options.Run!;
        return new GroundTruthUnit
        {
            Dataset = options.Dataset,
            Data = options.DataDirectory,
            TrainImages = o.Data.TrainImages,
            ValidImages = o.Data.ValidationImages,
            TestImages = o.Data.TestImages,
            BatchSize = o.Data.BatchSize,
            Channels = o.Channels,
            Cells = o.CellsPerStage,
            Epochs = o.FinalEpochs,
            LearningRate = o.LearningRate,
            Seed = options.Seed,
        };
    }

    /// <summary>The evaluator, reporting from --table when one is given.</summary>
    internal static IEvaluator<Nb201Genotype> Reporting(IEvaluator<Nb201Genotype> evaluator, SearchOptions options) =>
        options.TablePath is { } path ? new SupernetReportingEvaluator(evaluator, Nb201Table.Load(path), options.ReportMetric) : evaluator;
}
