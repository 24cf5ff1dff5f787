using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NasSharp.NN;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Search.Training.Choices;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --space darts|chain --method ...</c>: a differentiable search of the DARTS CNN space (search network of
/// 3 x --cells + 2 cells at C = --channels; DARTS: 8 cells, C = 16) or of the chain space (ShuffleNetV2 / Xception
/// blocks), then the derived child scored as searched, optionally trained on (--child-epochs) and retrained from
/// scratch (--final-epochs). Writes epochs.csv, architecture.csv, search.svg and summary.json.
/// </summary>
internal static class ChoiceSearchRun
{
    private static readonly JsonSerializerOptions LineJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(DifferentiableRunOptions options, TextWriter output)
    {
        if (options.FewShot)
        {
            throw new ArgumentException($"--fewshot is implemented for --space nb201 only (space {options.Space})");
        }

        var data = DifferentiableData.Load(options);
        var method = DifferentiableMethods.Name(options.Search.Method);
        var (classes, channels, side) = (data.Train.ClassCount, data.Train.Channels, data.ImageSize);
        var darts = new DartsNetworkOptions(options.Channels, (3 * options.Cells) + 2, classes, channels, Auxiliary: false, side);
        var chain = new ChainSpaceOptions { Classes = classes, InputChannels = channels };
        ChoiceSupernet supernet = options.Space == "darts"
            ? new DartsSearchNetwork(darts, new FixedChoicePolicy([new int[14], new int[14]]), new Random(options.Seed))
            : new ChainSupernet(chain, new FixedChoicePolicy([new int[chain.Layers]]), new Random(options.Seed));
        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", options);
        output.WriteLine(Invariant($"nas search: {method} on {options.Space}, {data.Train.Name} {data.Train.Count} images, test {data.Test.Count}, {supernet.ParameterCount():N0} supernet parameters, {options.Search.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}"));

        var bilevel = DifferentiableMethods.IsBilevel(options.Search.Method);
        var trainer = ChoiceSearch.CreateTrainer(supernet, options.Search, side, options.Search.Epochs + options.ChildEpochs);
        var recorder = new ChoiceRecorder(run, $"{method} on {options.Space}", supernet, trainer.Tables.Probabilities());
        var result = ChoiceSearch.Run(trainer, data.TrainingLoader(bilevel ? data.Halves.Train : data.Train, 0), bilevel ? data.TrainingLoader(data.Halves.Validation, 1) : null, e => Progress(e, recorder, output));
        var test = data.EvaluationLoader(data.Test);
        var searched = ChoiceSearch.ScorePath(supernet, result.Path, test);
        output.WriteLine(Invariant($"found {result.Architecture}; as searched (inherited weights): test {100 * searched.Accuracy:F2}%"));
        double? child = null;
        var childSeconds = 0.0;
        var childFlops = trainer.Flops;
        if (options.ChildEpochs > 0)
        {
            var epochs = ChoiceSearch.TrainChild(trainer, result.Path, data.TrainingLoader(data.Train, 2), options.ChildEpochs, options.Search.Epochs, e => Progress(e, recorder, output));
            child = ChoiceSearch.ScorePath(supernet, result.Path, test).Accuracy;
            childSeconds = epochs.Sum(e => e.Seconds);
            output.WriteLine(Invariant($"child trained on with inherited weights ({options.ChildEpochs} epochs): test {100 * child:F2}%"));
        }

        childFlops = trainer.Flops - childFlops;
        Module network = options.Space == "darts"
            ? new DartsNetwork(DartsGenotype.Parse(result.Architecture), darts, new Random(options.Seed))
            : new ChainNetwork(ChainGenotype.Parse(result.Architecture), chain, new Random(options.Seed));
        var forward = options.Space == "darts" ? DartsCost.ForwardFlops(DartsGenotype.Parse(result.Architecture), darts) : ChainCost.ForwardFlops(ChainGenotype.Parse(result.Architecture), chain, side);
        var (retrained, retrainSeconds) = Retrain(options, data, network, output);
        var retrainFlops = 3.0 * forward * data.Train.Count * options.FinalEpochs;
        var summary = new DifferentiableSummary(
            method, options.Space, data.Train.Name, false, result.Architecture, null, 0, false, options.Search.Epochs, network.ParameterCount(), Math.Round(forward / 1e6, 3),
            Math.Round(100 * searched.Accuracy, 2), child is { } c ? Math.Round(100 * c, 2) : null, options.ChildEpochs, retrained is { } r ? Math.Round(100 * r, 2) : null,
            Math.Round(result.Seconds, 1), Math.Round(childSeconds, 1), Math.Round(retrainSeconds, 1), Math.Round(result.Flops / 1e12, 4), Math.Round(childFlops / 1e12, 4), Math.Round(retrainFlops / 1e12, 4),
            data.Train.Count, data.Test.Count, run.Path);
        run.WriteJson("summary.json", summary);
        output.WriteLine(Invariant($"search {result.Seconds:F0} s ({result.Flops / 1e12:F2} TFLOP); retrain {retrainSeconds:F0} s ({retrainFlops / 1e12:F2} TFLOP); run directory {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(summary, LineJson));
        }

        return 0;
    }

    private static (double? Accuracy, double Seconds) Retrain(DifferentiableRunOptions options, DifferentiableData data, Module network, TextWriter output)
    {
        if (options.FinalEpochs == 0)
        {
            return (null, 0);
        }

        var recipe = new ClassifierTrainingOptions
        {
            Epochs = options.FinalEpochs,
            BatchSize = options.BatchSize,
            LearningRate = options.FinalLearningRate,
            Augmentation = ClassifierTraining.DefaultAugmentation(data.Kind),
            Normalization = data.Normalization,
            Seed = options.Seed,
        };
        var result = new ClassifierTraining(network, recipe).Run(data.Train, data.Test, new ProgressCallback<EpochReport>(r =>
            output.WriteLine(Invariant($"  retrain epoch {r.Epoch,3}/{r.Epochs}  loss {r.TrainLoss:F4}  train {100 * r.TrainAccuracy:F2}%  test {100 * (r.TestAccuracy ?? 0):F2}%  {r.Seconds:F0} s"))));
        output.WriteLine(Invariant($"retrained from scratch ({options.FinalEpochs} epochs): test {100 * result.Test!.Accuracy:F2}%"));
        return (result.Test.Accuracy, result.Seconds);
    }

    private static void Progress(ChoiceEpoch e, ChoiceRecorder recorder, TextWriter output)
    {
        recorder.Add(e);
        var valid = e.ValidationLoss is { } vl ? Invariant($"  valid loss {vl:F4} acc {100 * e.ValidationAccuracy!.Value:F2}%") : string.Empty;
        var tau = e.Temperature is { } t ? Invariant($"  tau {t:G3}") : string.Empty;
        output.WriteLine(Invariant($"{(e.Child ? "child" : "epoch")} {e.Epoch + 1,3}  train loss {e.TrainLoss:F4} acc {100 * e.TrainAccuracy:F2}%{valid}{tau}  lr {e.LearningRate:G3}  {e.Seconds:F0} s  {e.Architecture}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
