using NasSharp.NN;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Search.Training.Choices;
using NasSharp.Store;
using static NasSharp.Cli.FinalTraining;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --space darts|chain --method ...</c>: a differentiable search of the DARTS CNN space (search network of
/// 3 x --cells + 2 cells at C = --channels; DARTS: 8 cells, C = 16) or of the chain space (ShuffleNetV2 / Xception
/// blocks), then the derived child scored as searched, optionally trained on (--child-epochs) and retrained from
/// scratch (--final-epochs). Writes epochs.csv, architecture.csv, search.svg and summary.json.
/// </summary>
internal static class ChoiceSearchRun
{
    public static int Run(DifferentiableRunOptions options, TextWriter output)
    {
        if (options.FewShot)
        {
            throw new ArgumentException($"--fewshot is implemented for --space nb201 only (space {options.Space})");
        }

        var data = DifferentiableData.Load(options);
        var space = Space.Of(options, data);
        var method = DifferentiableMethods.Name(options.Search.Method);
        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", options);
        output.WriteLine(Invariant($"nas search: {method} on {options.Space}, {data.Train.Name} {data.Train.Count} images, test {data.Test.Count}, {space.Supernet.ParameterCount():N0} supernet parameters, {options.Search.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}"));

        var bilevel = DifferentiableMethods.IsBilevel(options.Search.Method);
        var trainer = ChoiceSearch.CreateTrainer(space.Supernet, options.Search, data.ImageSize, options.Search.Epochs + options.ChildEpochs);
        var recorder = new ChoiceRecorder(run, $"{method} on {options.Space}", space.Supernet, trainer.Tables.Probabilities());
        var result = ChoiceSearch.Run(trainer, data.TrainingLoader(bilevel ? data.Halves.Train : data.Train, 0), bilevel ? data.TrainingLoader(data.Halves.Validation, 1) : null, e => Progress(e, recorder, output));
        var test = data.EvaluationLoader(data.Test);
        var searched = ChoiceSearch.ScorePath(space.Supernet, result.Path, test);
        output.WriteLine(Invariant($"found {result.Architecture}; as searched (inherited weights): test {100 * searched.Accuracy:F2}%"));
        var (child, childSeconds, childFlops) = TrainChild(options, data, trainer, result.Path, test, recorder, output);
        var (network, forward) = space.Standalone(result.Architecture);
        var (retrained, retrainSeconds) = network is DartsNetwork darts ? RetrainDarts(options, data, darts, output) : Retrain(options, data, network, output);
        Report(run, new DifferentiableSummary(
            method, options.Space, data.Train.Name, false, result.Architecture, null, 0, false, options.Search.Epochs, network.ParameterCount(), Math.Round(forward / 1e6, 3),
            Math.Round(100 * searched.Accuracy, 2), child is { } c ? Math.Round(100 * c, 2) : null, options.ChildEpochs, retrained is { } r ? Math.Round(100 * r, 2) : null,
            Math.Round(result.Seconds, 1), Math.Round(childSeconds, 1), Math.Round(retrainSeconds, 1),
            Math.Round(result.Flops / 1e12, 4), Math.Round(childFlops / 1e12, 4), Math.Round(3.0 * forward * data.Train.Count * options.FinalEpochs / 1e12, 4),
            data.Train.Count, data.Test.Count, run.Path), options.Json, output);
        return 0;
    }

    private static (double? Accuracy, double Seconds, double Flops) TrainChild(DifferentiableRunOptions options, DifferentiableData data, ChoiceTrainer trainer, IReadOnlyList<int[]> path, NasSharp.Data.DataLoader test, ChoiceRecorder recorder, TextWriter output)
    {
        if (options.ChildEpochs == 0)
        {
            return (null, 0, 0);
        }

        var flops = trainer.Flops;
        var epochs = ChoiceSearch.TrainChild(trainer, path, data.TrainingLoader(data.Train, 2), options.ChildEpochs, options.Search.Epochs, e => Progress(e, recorder, output));
        var accuracy = ChoiceSearch.ScorePath(trainer.Supernet, path, test).Accuracy;
        output.WriteLine(Invariant($"child trained on with inherited weights ({options.ChildEpochs} epochs): test {100 * accuracy:F2}%"));
        return (accuracy, epochs.Sum(e => e.Seconds), trainer.Flops - flops);
    }

    // DARTS's evaluation recipe (auxiliary loss with --auxiliary, drop path ramped to 0.2) at this run's epochs, batch and lr.
    private static (double? Accuracy, double Seconds) RetrainDarts(DifferentiableRunOptions options, DifferentiableData data, DartsNetwork network, TextWriter output)
    {
        if (options.FinalEpochs == 0)
        {
            return (null, 0);
        }

        var recipe = new DartsEvaluationOptions { Epochs = options.FinalEpochs, BatchSize = options.BatchSize, LearningRate = (float)options.FinalLearningRate, Seed = options.Seed };
        var result = DartsEvaluationTraining.Run(network, recipe, data.TrainingLoader(data.Train, 3), data.EvaluationLoader(data.Test), new ProgressCallback<EpochReport>(r =>
            output.WriteLine(Invariant($"  retrain epoch {r.Epoch,3}/{r.Epochs}  loss {r.TrainLoss:F4}  train {100 * r.TrainAccuracy:F2}%  test {100 * (r.TestAccuracy ?? 0):F2}%  {r.Seconds:F0} s"))));
        output.WriteLine(Invariant($"retrained from scratch with the DARTS recipe ({options.FinalEpochs} epochs{(network.Options.Auxiliary ? ", auxiliary head" : string.Empty)}): test {100 * result.Test!.Accuracy:F2}%"));
        return (result.Test.Accuracy, result.Seconds);
    }

    private static void Progress(ChoiceEpoch e, ChoiceRecorder recorder, TextWriter output)
    {
        recorder.Add(e);
        var valid = e.ValidationLoss is { } vl ? Invariant($"  valid loss {vl:F4} acc {100 * e.ValidationAccuracy!.Value:F2}%") : string.Empty;
        var tau = e.Temperature is { } t ? Invariant($"  tau {t:G3}") : string.Empty;
        output.WriteLine(Invariant($"{(e.Child ? "child" : "epoch")} {e.Epoch + 1,3}  train loss {e.TrainLoss:F4} acc {100 * e.TrainAccuracy:F2}%{valid}{tau}  lr {e.LearningRate:G3}  {e.Seconds:F0} s  {e.Architecture}"));
    }

    /// <summary>The supernet of the space and the factory of a found architecture's stand-alone network (with its forward FLOPs).</summary>
    private sealed record Space(ChoiceSupernet Supernet, Func<string, (Module Network, double Flops)> Standalone)
    {
        public static Space Of(DifferentiableRunOptions options, DifferentiableData data)
        {
            var random = new Random(options.Seed);
            if (options.Space == "darts")
            {
                var darts = new DartsNetworkOptions(options.Channels, (3 * options.Cells) + 2, data.Train.ClassCount, data.Train.Channels, Auxiliary: false, data.ImageSize);
                var evaluation = darts with { Auxiliary = options.Auxiliary };
                return new Space(
                    new DartsSearchNetwork(darts, new FixedChoicePolicy([new int[14], new int[14]]), random),
                    text => (new DartsNetwork(DartsGenotype.Parse(text), evaluation, random), DartsCost.ForwardFlops(DartsGenotype.Parse(text), evaluation)));
            }

            var chain = new ChainSpaceOptions { Classes = data.Train.ClassCount, InputChannels = data.Train.Channels };
            return new Space(
                new ChainSupernet(chain, new FixedChoicePolicy([new int[chain.Layers]]), random),
                text => (new ChainNetwork(ChainGenotype.Parse(text), chain, random), ChainCost.ForwardFlops(ChainGenotype.Parse(text), chain, data.ImageSize)));
        }
    }
}
