using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Search.Models;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Store;
using static NasSharp.Cli.FinalTraining;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --method darts|darts2|gdas|snas|dsnas [--fewshot] --space nb201|darts|chain</c>: the differentiable
/// search of any space (progress per epoch; distribution, curves and plot in the run directory), then the found
/// architecture scored as searched (inherited weights), optionally trained on with them (--child-epochs, DSNAS's
/// deployment) and retrained from scratch (--final-epochs; the DARTS space with DARTS's evaluation recipe), with the
/// compute of each route. The found network is saved in <c>model/</c> (retrained, or marked untrained in its card). The
/// search checkpoints every epoch (per part, few-shot) and the retraining too, so <c>--resume NAME</c> continues a
/// killed run with the uninterrupted run's result.
/// </summary>
internal static class DifferentiableSearchRun
{
    public static int Run(DifferentiableRunOptions options, TextWriter output)
    {
        var data = DifferentiableData.Load(options);
        var space = DifferentiableSpace.Of(options, data);
        var supernet = space.Supernet;
        var method = DifferentiableMethods.Name(options.Search.Method);
        var bilevel = DifferentiableMethods.IsBilevel(options.Search.Method);
        var run = OpenRun(options);
        CliTermination.ResumeWith($"nas search --resume {run.Path}");
        var checkpoints = Path.Combine(run.Path, CheckpointFolder);
        output.WriteLine(Invariant($"nas search: {method}{(options.FewShot ? " (few-shot, split " + supernet.RowName(0, options.SplitEdge) + ")" : string.Empty)} on {options.Space}, {data.Train.Name} {data.Train.Count} images ({(bilevel ? Invariant($"{data.Halves.Train.Count} weights / {data.Halves.Validation.Count} architecture") : "all for weights and architecture")}), test {data.Test.Count}, {supernet.ParameterCount():N0} supernet parameters, C={options.Channels} N={options.Cells}, {options.Search.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}"));
        var recorder = new DifferentiableRecorder(run, $"{method} on {options.Space}", resume: options.Resume != null);
        var weights = data.TrainingLoader(bilevel ? data.Halves.Train : data.Train, 0);
        var architecture = bilevel ? data.TrainingLoader(data.Halves.Validation, 1) : null;
        var test = data.EvaluationLoader(data.Test);
        var outcome = options.FewShot
            ? FewShot(options, data, supernet, weights, architecture, recorder, output, checkpoints)
            : OneShot(options, data, supernet, weights, architecture, recorder, output, checkpoints);
        var searched = DifferentiableSearch.ScorePath(outcome.Scored, outcome.Path, test);
        var genotype = outcome.Scored.Describe(outcome.Path);
        var skips = DifferentiableSearch.SkipConnections(outcome.Scored, outcome.Path);
        output.WriteLine(Invariant($"found {genotype}  ({skips} skip connections{(outcome.Stopped ? ", DARTS+ early stop" : string.Empty)}); as searched (inherited weights): test {100 * searched.Accuracy:F2}%"));
        var (child, childSeconds, childFlops) = TrainChild(options, data, outcome, test, recorder, output);
        var (network, forward) = space.Standalone(genotype);
        var (retrained, retrainSeconds) = network is DartsNetwork darts ? RetrainDarts(options, data, darts, output, Path.Combine(run.Path, FinalFolder)) : Retrain(options, data, network, output, Path.Combine(run.Path, FinalFolder));
        SaveWinner(options, data, run, genotype, network, Math.Round(100 * searched.Accuracy, 2), child, retrained);
        Report(run, new DifferentiableSummary(
            method, options.Space, DatasetCatalog.NameOf(data.Kind), options.FewShot, genotype, outcome.Split, skips, outcome.Stopped, outcome.Epochs,
            network.ParameterCount(), Math.Round(forward / 1e6, 3),
            Math.Round(100 * searched.Accuracy, 2), child is { } c ? Math.Round(100 * c, 2) : null, options.ChildEpochs, retrained is { } r ? Math.Round(100 * r, 2) : null,
            Math.Round(outcome.Seconds, 1), Math.Round(childSeconds, 1), Math.Round(retrainSeconds, 1),
            Math.Round(outcome.Flops / 1e12, 4), Math.Round(childFlops / 1e12, 4), Math.Round(3.0 * forward * data.Train.Count * options.FinalEpochs / 1e12, 4),
            data.Train.Count, data.Test.Count, run.Path), options.Json, output);
        return 0;
    }

    private static Outcome OneShot(DifferentiableRunOptions options, DifferentiableData data, ChoiceSupernet supernet, DataLoader weights, DataLoader? architecture, DifferentiableRecorder recorder, TextWriter output, string checkpoints)
    {
        var trainer = DifferentiableSearch.CreateTrainer(supernet, options.Search, data.ImageSize, scheduleEpochs: options.Search.Epochs + options.ChildEpochs);
        recorder.Begin("search", trainer);
        var result = DifferentiableSearch.Run(trainer, weights, architecture, e => Progress("search", e, options.Search.Epochs, recorder, output), checkpoints);
        return new Outcome(result.Path, supernet, null, result.StoppedEarly, result.History.Count, result.Seconds, result.Flops, trainer);
    }

    private static Outcome FewShot(DifferentiableRunOptions options, DifferentiableData data, ChoiceSupernet supernet, DataLoader weights, DataLoader? architecture, DifferentiableRecorder recorder, TextWriter output, string checkpoints)
    {
        // Bilevel methods select on the architecture half; single-level ones trained on every image, so they select on all of them.
        var selection = data.EvaluationLoader(architecture != null ? data.Halves.Validation : data.Train);
        var result = FewShotDifferentiableSearch.Run(
            supernet, options.Search with { Epochs = options.SplitEpochs }, data.ImageSize, (0, options.SplitEdge), options.Search.Epochs, weights, architecture, selection,
            (part, e) => Progress(part, e, part == "oneshot" ? options.Search.Epochs : options.SplitEpochs, recorder, output),
            recorder.Begin,
            checkpoints);
        foreach (var p in result.Parts)
        {
            output.WriteLine(Invariant($"  {p.SplitName}: {p.Search.Architecture}  selection accuracy {100 * p.Selection.Accuracy:F2}%"));
        }

        var best = result.Best;
        return new Outcome(best.Search.Path, best.Supernet, best.SplitName, result.Parts.Any(p => p.Search.StoppedEarly), result.Epochs, result.Seconds, result.Flops, best.Trainer);
    }

    /// <summary>The folder of the run directory holding the search checkpoints (one subfolder per part of a few-shot search).</summary>
    public const string CheckpointFolder = "checkpoints";

    /// <summary>The folder of the run directory holding the retraining's checkpoint.</summary>
    public const string FinalFolder = "final";

    /// <summary>How the fields of <see cref="DifferentiableRunOptions"/> are spelt on the command line, for <c>--resume</c>'s check.</summary>
    private static readonly Dictionary<string, string> OptionNames = new()
    {
        ["Search.Method"] = "--method", ["Search.Epochs"] = "--epochs", ["Search.WeightLearningRate"] = "--weight-lr", ["Search.WeightLearningRateMin"] = "--weight-lr",
        ["Search.ArchitectureLearningRate"] = "--alpha-lr", ["Search.EarlyStopSkipConnections"] = "--early-stop-skips", ["Search.Seed"] = "--seed",
        ["DataDirectory"] = "--data", ["SplitEdge"] = "--edge", ["FewShot"] = "--fewshot", ["FinalLearningRate"] = "--final-lr",
    };

    private static RunDirectory OpenRun(DifferentiableRunOptions options)
    {
        if (options.Resume is { } name)
        {
            return RunResume.Open(RunResume.PathOf(options.Out, name, options.Name), options, OptionNames);
        }

        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", options);
        return run;
    }

    // The found architecture's stand-alone network in RUN/model, as retrained; without retraining its weights are the
    // initialisation, and the card says so rather than pass them off as a trained model.
    private static void SaveWinner(DifferentiableRunOptions options, DifferentiableData data, RunDirectory run, string genotype, Module network, double searched, double? child, double? retrained)
    {
        var space = GenotypeText.ParseSpace(options.Space);
        var sizes = ModelNetworks.Skeleton(space, options.Channels, options.Cells, options.Auxiliary);
        var metrics = new Dictionary<string, double> { ["searched_accuracy"] = searched, ["epochs"] = options.FinalEpochs };
        if (child is { } c)
        {
            metrics["child_accuracy"] = Math.Round(100 * c, 2);
        }

        if (retrained is { } r)
        {
            metrics["test_accuracy"] = Math.Round(100 * r, 2);
        }

        var note = retrained is null
            ? $"untrained: the search ran with --final-epochs 0, so these weights are the initialisation{(options.ChildEpochs > 0 ? " (the child trained on with inherited weights stays in the supernet)" : string.Empty)}; train the genotype with nas train --genotype, or rerun with --final-epochs N"
            : null;
        network.Eval();
        SavedModel.SaveInRun(run.Path, ModelCard.ForImages(space, genotype, sizes, data.Train, data.Normalization, DatasetCatalog.NameOf(data.Kind), metrics) with { Note = note }, network);
    }

    // DSNAS's deployment: the child keeps training with its inherited weights, on every training image; scored after.
    private static (double? Accuracy, double Seconds, double Flops) TrainChild(DifferentiableRunOptions options, DifferentiableData data, Outcome outcome, DataLoader test, DifferentiableRecorder recorder, TextWriter output)
    {
        if (options.ChildEpochs == 0)
        {
            return (null, 0, 0);
        }

        var trainer = outcome.Trainer;
        var part = options.FewShot ? FewShotDifferentiableSearch.PartName(trainer.Supernet, trainer.Supernet.Splits[^1]) : "search";
        var flops = trainer.Flops;
        var epochs = DifferentiableSearch.TrainChild(trainer, outcome.Path, data.TrainingLoader(data.Train, 2), options.ChildEpochs, outcome.Epochs, e => Progress(part, e, outcome.Epochs + options.ChildEpochs, recorder, output));
        var accuracy = DifferentiableSearch.ScorePath(trainer.Supernet, outcome.Path, test).Accuracy;
        output.WriteLine(Invariant($"child trained on with inherited weights ({options.ChildEpochs} epochs): test {100 * accuracy:F2}%"));
        return (accuracy, epochs.Sum(e => e.Seconds), trainer.Flops - flops);
    }

    // DARTS's evaluation recipe (auxiliary loss with --auxiliary, drop path ramped to 0.2) at this run's epochs, batch and lr.
    private static (double? Accuracy, double Seconds) RetrainDarts(DifferentiableRunOptions options, DifferentiableData data, DartsNetwork network, TextWriter output, string checkpoints)
    {
        if (options.FinalEpochs == 0)
        {
            return (null, 0);
        }

        var recipe = new DartsEvaluationOptions { Epochs = options.FinalEpochs, BatchSize = options.BatchSize, LearningRate = (float)options.FinalLearningRate, Seed = options.Seed };
        var result = DartsEvaluationTraining.Run(network, recipe, data.TrainingLoader(data.Train, 3), data.EvaluationLoader(data.Test), new ProgressCallback<EpochReport>(r =>
            output.WriteLine(Invariant($"  retrain epoch {r.Epoch,3}/{r.Epochs}  loss {r.TrainLoss:F4}  train {100 * r.TrainAccuracy:F2}%  test {100 * (r.TestAccuracy ?? 0):F2}%  {r.Seconds:F0} s"))), checkpoints, CliTermination.Token);
        output.WriteLine(Invariant($"retrained from scratch with the DARTS recipe ({options.FinalEpochs} epochs{(network.Options.Auxiliary ? ", auxiliary head" : string.Empty)}): test {100 * result.Test!.Accuracy:F2}%"));
        return (result.Test.Accuracy, result.Seconds);
    }

    private static void Progress(string part, DifferentiableEpoch e, int epochs, DifferentiableRecorder recorder, TextWriter output)
    {
        recorder.Add(part, e);
        var valid = e.ValidationLoss is { } vl ? Invariant($"  valid loss {vl:F4} acc {100 * e.ValidationAccuracy!.Value:F2}%") : string.Empty;
        var tau = e.Temperature is { } t ? Invariant($"  tau {t:G3}") : string.Empty;
        output.WriteLine(Invariant($"{part} {(e.Child ? "child" : "epoch")} {e.Epoch + 1,3}/{epochs}  train loss {e.TrainLoss:F4} acc {100 * e.TrainAccuracy:F2}%{valid}{tau}  lr {e.LearningRate:G3}  {e.Seconds:F0} s  {e.Architecture}"));
        CliTermination.SafePoint(e);
    }

    private sealed record Outcome(IReadOnlyList<int[]> Path, ChoiceSupernet Scored, string? Split, bool Stopped, int Epochs, double Seconds, double Flops, DifferentiableTrainer Trainer);
}
