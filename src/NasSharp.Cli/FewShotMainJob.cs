using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Evaluation;
using NasSharp.Search.FewShot;
using NasSharp.Search.Models;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The main job, <c>nas search</c> with no evaluator: few-shot NAS end to end (Zhao et al., ICML 2021) on an image
/// dataset (the built-in synthetic one by default): train the one-shot supernet, split one edge into five
/// sub-supernets trained from its weights, search the few-shot supernet with a strategy (regularized evolution
/// by default), and train the winner stand-alone to measure its test accuracy. Everything lands in the run
/// directory: the supernet directory (resumable and reusable with <c>--evaluator fewshot --supernet</c>), the
/// trials, the winner as a saved model (<c>model/</c>: model.json + weights.safetensors) and summary.json. A killed run
/// continues with <c>--resume NAME</c>.
/// </summary>
internal static class FewShotMainJob
{
    /// <summary>Queries of the search when --budget is not given.</summary>
    public const int DefaultBudget = 100;

    private static readonly FewShotRunOptions Defaults = new();
    private static readonly Option<int> Channels = new("--channels") { Description = "Skeleton width C of supernets and stand-alone networks (NAS-Bench-201: 16).", DefaultValueFactory = _ => Defaults.Channels };
    private static readonly Option<int> Cells = new("--cells") { Description = "Cells per stage N (NAS-Bench-201: 5).", DefaultValueFactory = _ => Defaults.CellsPerStage };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "One-shot supernet epochs (end-to-end run).", DefaultValueFactory = _ => Defaults.OneShotEpochs };
    private static readonly Option<int> Edge = new("--edge") { Description = "Few-shot: the row split into sub-supernets. nb201: edge 0..5 (0: 1<-0, the authors' choice); darts: normal-cell edge 0..13; chain: layer; tib: node 0..N-1; darts-rnn: mixed edge 0..N(N+1)/2-1 in node order. 0 in the recurrent spaces is the first node's op row (tib node 0, darts-rnn node 1 <- 0).", DefaultValueFactory = _ => Defaults.SplitEdge };
    private static readonly Option<int> SplitEpochs = new("--split-epochs") { Description = "Few-shot: epochs per sub-supernet (supernet training, or the --method / recurrent search of each).", DefaultValueFactory = _ => Defaults.SplitEpochs };
    private static readonly Option<int> FinalEpochs = new("--final-epochs") { Description = "Stand-alone epochs of the winner (and of each trial of --evaluator train).", DefaultValueFactory = _ => Defaults.FinalEpochs };
    private static readonly Option<int> TrainImages = new("--train-images") { Description = "Training images (0: all not held out).", DefaultValueFactory = _ => Defaults.Data.TrainImages };
    private static readonly Option<int> ValidImages = new("--valid-images") { Description = "Held-out images that score architectures.", DefaultValueFactory = _ => Defaults.Data.ValidationImages };
    private static readonly Option<int> TestImages = new("--test-images") { Description = "Test images for the winner's accuracy (0: all).", DefaultValueFactory = _ => Defaults.Data.TestImages };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => Defaults.Data.BatchSize };

    /// <summary>The options of the end-to-end run, added to <c>nas search</c>.</summary>
    public static IEnumerable<Option> Options => [Channels, Cells, Epochs, Edge, SplitEpochs, FinalEpochs, TrainImages, ValidImages, TestImages, BatchSize];

    public static FewShotRunOptions BindRun(ParseResult r, int seed)
    {
        var run = new FewShotRunOptions
        {
            Channels = r.GetValue(Channels),
            CellsPerStage = r.GetValue(Cells),
            OneShotEpochs = r.GetValue(Epochs),
            SplitEdge = r.GetValue(Edge),
            SplitEpochs = r.GetValue(SplitEpochs),
            FinalEpochs = r.GetValue(FinalEpochs),
            Data = Defaults.Data with { TrainImages = r.GetValue(TrainImages), ValidationImages = r.GetValue(ValidImages), TestImages = r.GetValue(TestImages), BatchSize = r.GetValue(BatchSize), Seed = seed },
        };
        run.Validate();
        return run;
    }

    /// <summary>
    /// Runs the main job, or with <paramref name="resume"/> (the run directory) continues a killed one: supernets from
    /// their checkpoints, the search replayed from the store into the seeded strategy and continued, the final training
    /// from its checkpoint. The result equals an uninterrupted run's. Every search trial goes to the run's study in the
    /// store (<see cref="SearchSession"/>), so <c>nas runs</c> lists the job.
    /// </summary>
    public static int Run(SearchOptions options, string? resume, TextWriter output)
    {
        var o = options.Run!;
        var total = Stopwatch.StartNew();
        var data = FewShotData.Load(options.Dataset, options.DataDirectory, o.Data);
        using var session = SearchSession.Open(options, resume);
        var run = session.Run;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"few-shot NAS on {data.Dataset} ({data.Train.Count} training, {data.Validation.Count} held-out, {data.Test.Count} test images), NAS-Bench-201 cells, C={o.Channels} N={o.CellsPerStage}; run directory {run.Path}{(resume != null ? " (resuming)" : string.Empty)}"));

        var directory = TrainSupernets(options, data, run, resume != null, output);
        var supernetSeconds = total.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      supernets trained in {supernetSeconds:F0} s"));

        output.WriteLine($"[3/4] {options.StrategyName} on the few-shot supernet, {SearchRun.BudgetText(options)}, scored on {data.Validation.Count} held-out images");
        var evaluator = new SupernetEvaluator<Nb201Genotype>(FewShotSupernet.Load(directory), data.ValidationLoader(), Nb201Supernet.PathOf);
        var results = SearchRun.Run(options, evaluator, session, output);
        var best = results.MaxBy(r => r.BestResult.Score)!;
        // Distinct genotypes queried: what the evaluator's cache holds after an uninterrupted run, also when trials were replayed.
        var distinct = results.SelectMany(r => r.Trials).Select(t => t.Genotype).Distinct().Count();
        var searchSeconds = total.Elapsed.TotalSeconds - supernetSeconds;

        output.WriteLine($"[4/4] stand-alone training of the winner, {o.FinalEpochs} epochs");
        var final = WinnerTraining.Train(best.Best, data, (o.Channels, o.CellsPerStage), o.FinalEpochs, o.LearningRate, options.Seed, run, output);
        var model = WinnerTraining.Save(run, data, final, (o.Channels, o.CellsPerStage), o.FinalEpochs, best.BestResult.Score);
        var summary = new FewShotSummary(
            data.Dataset, o.Channels, o.CellsPerStage, data.Train.Count, data.Validation.Count, data.Test.Count, o.OneShotEpochs, o.SplitEdge, 5, o.SplitEpochs,
            options.StrategyName, best.Queries, distinct, best.Best.ToString(), best.BestResult.Score, o.FinalEpochs, final.TestAccuracy, final.ValidationAccuracy,
            Math.Round(supernetSeconds, 1), Math.Round(searchSeconds, 1), Math.Round(final.Seconds, 1), Math.Round(total.Elapsed.TotalSeconds, 1), directory.Path, run.Path);
        run.WriteJson("summary.json", summary);
        session.Complete();
        Print(output, summary, model);
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return 0;
    }

    /// <summary>The folder of the run directory holding the final training's checkpoint.</summary>
    public const string FinalFolder = WinnerTraining.FinalFolder;

    // The winner's network as trained stand-alone, with its card, in RUN/model: what nas predict and nas export read.
    // Steps 1 and 2: the one-shot supernet, then one sub-supernet per operation of the split edge, each from the saved weights.
    // On resume each continues from its checkpoint (a finished one returns at once).
    private static SupernetDirectory TrainSupernets(SearchOptions options, FewShotData data, RunDirectory run, bool resume, TextWriter output)
    {
        var o = options.Run!;
        var path = Path.Combine(run.Path, "supernet");
        var directory = resume && SupernetDirectory.Exists(path) ? SupernetDirectory.Open(path) : SupernetDirectory.Create(path, new SupernetManifest
        {
            Dataset = data.Dataset,
            DataDirectory = options.DataDirectory is { } remembered && data.Dataset != "synthetic" ? Path.GetFullPath(remembered) : null,
            Data = o.Data,
            Channels = o.Channels,
            CellsPerStage = o.CellsPerStage,
            Classes = data.Train.ClassCount,
            InputChannels = data.Train.Channels,
            Training = new SupernetTrainingOptions { Epochs = o.OneShotEpochs, LearningRate = o.LearningRate, Seed = options.Seed },
        });
        output.WriteLine($"[1/4] one-shot supernet: {o.OneShotEpochs} epochs, one uniformly sampled path per step (SPOS)");
        FewShotTraining.TrainOneShot(directory, data, resume, new SupernetProgressPrinter(output, "one-shot", 10).Report, CliTermination.Token);
        output.WriteLine($"[2/4] split edge {o.SplitEdge} into 5 sub-supernets, each {o.SplitEpochs} epoch(s) from the one-shot weights");
        for (var k = 0; k < 5; k++)
        {
            FewShotTraining.TrainSplit(directory, data, directory.Root, o.SplitEdge, k, o.SplitEpochs, resume, new SupernetProgressPrinter(output, $"sub-supernet {k}", 10).Report, CliTermination.Token);
        }

        return directory;
    }

    private static void Print(TextWriter output, FewShotSummary s, string model)
    {
        output.WriteLine($"found architecture: {s.BestGenotype}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  few-shot supernet score {s.SupernetScore:F2}% (held-out, inherited weights); {s.Queries} queries, {s.DistinctEvaluated} distinct architectures evaluated"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  stand-alone test accuracy {s.TestAccuracy:F2}% after {s.FinalEpochs} epochs ({s.TestImages} test images; held-out {s.ValidationAccuracy:F2}%)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time: supernets {s.SupernetSeconds:F0} s, search {s.SearchSeconds:F0} s, final training {s.FinalSeconds:F0} s, total {s.TotalSeconds:F0} s"));
        output.WriteLine($"run stored in {s.RunDirectory} (supernets in {s.SupernetDirectory}; search them again with: nas search --evaluator fewshot --supernet {s.SupernetDirectory})");
        output.WriteLine($"winner saved in {model}; next: nas predict --model {s.RunDirectory} --dataset {s.Dataset}   or   nas export --model {s.RunDirectory} --onnx");
    }
}
