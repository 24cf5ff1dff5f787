using System.Globalization;
using NasSharp.Search.Networks;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --method darts|darts2|gdas|snas|dsnas [--fewshot]</c> on NAS-Bench-201: the differentiable search
/// (progress per epoch; distribution, curves and plot in the run directory), then the found architecture scored as
/// searched (inherited weights) and, with --final-epochs, retrained from scratch, with the compute of each route.
/// </summary>
internal static class DifferentiableSearchRun
{
    public static int Run(DifferentiableRunOptions options, TextWriter output)
    {
        var data = DifferentiableData.Load(options);
        var method = DifferentiableMethods.Name(options.Search.Method);
        var skeleton = new Nb201SupernetOptions(options.Channels, options.Cells, data.Train.ClassCount, data.Train.Channels);
        var supernet = new Nb201Supernet(skeleton, new FixedPathPolicy(default), new Random(options.Seed));
        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", options);
        output.WriteLine(Invariant($"nas search: {method}{(options.FewShot ? " (few-shot, split edge " + options.SplitEdge + ")" : string.Empty)} on {options.Space}, {data.Train.Name} {data.Train.Count} images ({(DifferentiableMethods.IsBilevel(options.Search.Method) ? Invariant($"{data.Halves.Train.Count} weights / {data.Halves.Validation.Count} architecture") : "all for weights and architecture")}), test {data.Test.Count}, C={options.Channels} N={options.Cells}, {options.Search.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}"));

        using var recorder = new DifferentiableRecorder(run, method);
        var bilevel = DifferentiableMethods.IsBilevel(options.Search.Method);
        var weights = data.TrainingLoader(bilevel ? data.Halves.Train : data.Train, 0);
        var architecture = bilevel ? data.TrainingLoader(data.Halves.Validation, 1) : null;
        var test = data.EvaluationLoader(data.Test);
        var (genotype, scored, split, stopped, searchEpochs, searchSeconds, searchFlops, trainer) = options.FewShot
            ? FewShot(options, data, supernet, weights, architecture, recorder, output)
            : OneShot(options, data, supernet, weights, architecture, recorder, output);
        var searched = DifferentiableSearch.ScorePath(scored, genotype, test);
        output.WriteLine(Invariant($"found {genotype}  ({ArchitectureDistribution.SkipConnections(genotype)} skip connections{(stopped ? ", DARTS+ early stop" : string.Empty)}); as searched (inherited weights): test {100 * searched.Accuracy:F2}%"));
        var (child, childSeconds, childFlops) = TrainChild(options, data, trainer, genotype, searchEpochs, scored, test, recorder, output);
        var standalone = Nb201Network.StandaloneOptions(options.Channels, options.Cells, data.Train.ClassCount, data.Train.Channels);
        var (retrained, retrainSeconds) = FinalTraining.Retrain(options, data, new Nb201Network(genotype, standalone, new Random(options.Seed)), output);
        var retrainFlops = 3.0 * Nb201Cost.ForwardFlops(genotype, standalone, data.ImageSize) * data.Train.Count * options.FinalEpochs;
        FinalTraining.Report(run, new DifferentiableSummary(
            method, options.Space, data.Train.Name, options.FewShot, genotype.ToString(), split, ArchitectureDistribution.SkipConnections(genotype), stopped, searchEpochs,
            Nb201Cost.ParameterCount(genotype, standalone), Math.Round(Nb201Cost.ForwardFlops(genotype, standalone, data.ImageSize) / 1e6, 3),
            Math.Round(100 * searched.Accuracy, 2), child is { } c ? Math.Round(100 * c, 2) : null, options.ChildEpochs, retrained is { } r ? Math.Round(100 * r, 2) : null,
            Math.Round(searchSeconds, 1), Math.Round(childSeconds, 1), Math.Round(retrainSeconds, 1),
            Math.Round(searchFlops / 1e12, 4), Math.Round(childFlops / 1e12, 4), Math.Round(retrainFlops / 1e12, 4),
            data.Train.Count, data.Test.Count, run.Path), options.Json, output);
        return 0;
    }

    private static SearchOutcome OneShot(DifferentiableRunOptions options, DifferentiableData data, Nb201Supernet supernet, NasSharp.Data.DataLoader weights, NasSharp.Data.DataLoader? architecture, DifferentiableRecorder recorder, TextWriter output)
    {
        var trainer = DifferentiableSearch.CreateTrainer(supernet, options.Search, data.ImageSize, scheduleEpochs: options.Search.Epochs + options.ChildEpochs);
        recorder.Begin("search", trainer.Distribution());
        var result = DifferentiableSearch.Run(trainer, weights, architecture, e => Progress("search", e, options.Search.Epochs, recorder, output));
        return new SearchOutcome(result.Genotype, supernet, null, result.StoppedEarly, result.SearchEpochs, result.SearchSeconds, result.SearchFlops, trainer);
    }

    // DSNAS's deployment: the child keeps training with its inherited weights, on every training image; scored after.
    private static (double? Accuracy, double Seconds, double Flops) TrainChild(DifferentiableRunOptions options, DifferentiableData data, DifferentiableTrainer? trainer, Nb201Genotype genotype, int searchEpochs, Nb201Supernet scored, NasSharp.Data.DataLoader test, DifferentiableRecorder recorder, TextWriter output)
    {
        if (options.ChildEpochs == 0 || trainer == null)
        {
            return (null, 0, 0);
        }

        var flops = trainer.Flops;
        var child = DifferentiableSearch.TrainChild(trainer, genotype, new ChildTrainingPlan(data.TrainingLoader(data.Train, 2), options.ChildEpochs), searchEpochs, e => Progress("search", e, searchEpochs + options.ChildEpochs, recorder, output));
        var score = DifferentiableSearch.ScorePath(scored, genotype, test);
        output.WriteLine(Invariant($"child trained on with inherited weights ({options.ChildEpochs} epochs): test {100 * score.Accuracy:F2}%"));
        return (score.Accuracy, child.Sum(e => e.Seconds), trainer.Flops - flops);
    }

    private static SearchOutcome FewShot(DifferentiableRunOptions options, DifferentiableData data, Nb201Supernet supernet, NasSharp.Data.DataLoader weights, NasSharp.Data.DataLoader? architecture, DifferentiableRecorder recorder, TextWriter output)
    {
        // Bilevel methods select on the architecture half; single-level ones trained on every image, so they select on all of them.
        var selection = data.EvaluationLoader(architecture != null ? data.Halves.Validation : data.Train);
        var ops = FewShotDifferentiableSearch.SplitOperations(supernet, options.SplitEdge);
        string Part(int index) => index < 0 ? "oneshot" : $"split-{options.SplitEdge}-{NasSharp.NN.Operations.Nb201.Nb201Operations.Name(ops[index])}";
        var result = FewShotDifferentiableSearch.Run(
            supernet, options.Search with { Epochs = options.SplitEpochs }, data.ImageSize, options.SplitEdge, options.Search.Epochs, weights, architecture, selection,
            (part, e) => Progress(Part(part), e, part < 0 ? options.Search.Epochs : options.SplitEpochs, recorder, output),
            (part, initial) => recorder.Begin(Part(part), initial));
        foreach (var p in result.Parts)
        {
            output.WriteLine(Invariant($"  {p.Split}: {p.Search.Genotype}  selection accuracy {100 * p.Selection.Accuracy:F2}%"));
        }

        var best = result.Best;
        return new SearchOutcome(best.Search.Genotype, best.Supernet, best.Split.ToString(), result.Parts.Any(p => p.Search.StoppedEarly), (result.WarmUp?.SearchEpochs ?? 0) + result.Parts.Sum(p => p.Search.SearchEpochs), result.Seconds, result.Flops, null);
    }

    private static void Progress(string part, DifferentiableEpoch e, int epochs, DifferentiableRecorder recorder, TextWriter output)
    {
        recorder.Add(part, e);
        var valid = e.ValidationLoss is { } vl ? Invariant($"  valid loss {vl:F4} acc {100 * e.ValidationAccuracy!.Value:F2}%") : string.Empty;
        var tau = e.Temperature is { } t ? Invariant($"  tau {t:G3}") : string.Empty;
        output.WriteLine(Invariant($"{part} {(e.Child ? "child" : "epoch")} {e.Epoch + 1,3}/{epochs}  train loss {e.TrainLoss:F4} acc {100 * e.TrainAccuracy:F2}%{valid}{tau}  lr {e.LearningRate:G3}  {e.Seconds:F0} s  {e.Genotype}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record SearchOutcome(Nb201Genotype Genotype, Nb201Supernet Scored, string? Split, bool Stopped, int SearchEpochs, double SearchSeconds, double SearchFlops, DifferentiableTrainer? Trainer);
}
