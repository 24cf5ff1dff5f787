using System.Globalization;
using NasSharp.Search.FewShot;
using NasSharp.Search.Models;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The end of a search that scored architectures on a supernet (the main job, and <c>nas search --evaluator
/// oneshot|fewshot --supernet DIR</c> on a NAS-Bench-201 or chain directory): the winner trained from scratch with the one retraining recipe
/// (<see cref="RetrainingRecipe"/>) for --final-epochs, checkpointed per epoch in RUN/final (a resumed run continues
/// it), and saved as RUN/model (model card + weights) for <c>nas predict</c> and <c>nas export</c>.
/// </summary>
internal static class WinnerTraining
{
    /// <summary>The folder of the run directory holding the final training's checkpoint.</summary>
    public const string FinalFolder = "final";

    /// <summary>Trains <paramref name="winner"/> on <paramref name="data"/> with progress and an ETA.</summary>
    public static StandaloneResult Train(Nb201Genotype winner, FewShotData data, (int Channels, int Cells) skeleton, int epochs, float learningRate, int seed, RunDirectory run, TextWriter output)
    {
        var progress = new TrainingProgressPrinter(output, "stand-alone");
        return StandaloneTraining.Train(winner, data, skeleton.Channels, skeleton.Cells, epochs, learningRate, seed,
            progress.Epochs(r => string.Create(CultureInfo.InvariantCulture, $"stand-alone: epoch {r.Epoch}/{epochs}  loss {r.TrainLoss:F3}  train acc {r.TrainAccuracy * 100:F1}%  {r.Seconds:F0} s")),
            checkpointDirectory: Path.Combine(run.Path, FinalFolder), stepProgress: progress.Steps);
    }

    /// <summary>Saves the trained winner as RUN/model with its metrics; returns the model directory.</summary>
    public static string Save(RunDirectory run, FewShotData data, StandaloneResult final, (int Channels, int Cells) skeleton, int epochs, double supernetScore)
    {
        var scores = new StandaloneScores(final.TestAccuracy, final.TestLoss, final.ValidationAccuracy, final.TrainAccuracy, final.Seconds);
        var card = ModelCard.ForImages(ModelSpace.Nb201, final.Genotype.ToString(), ModelNetworks.Skeleton(ModelSpace.Nb201, skeleton.Channels, skeleton.Cells), data.Train, data.Normalization, data.Dataset, Metrics(scores, epochs, supernetScore));
        SavedModel.SaveInRun(run.Path, card, final.Network!);
        return Path.Combine(run.Path, SavedModel.RunSubdirectory);
    }

    /// <summary>
    /// The chain-space winner of a search on a chain supernet directory: a <see cref="ChainNetwork"/> of the directory's
    /// skeleton trained the same way (checkpointed in RUN/final) and saved as RUN/model. Returns its scores and the model directory.
    /// </summary>
    public static (StandaloneScores Scores, string Model) TrainAndSave(ChainGenotype winner, ChainSpaceOptions skeleton, FewShotData data, int epochs, float learningRate, int seed, double supernetScore, RunDirectory run, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        ArgumentNullException.ThrowIfNull(run);
        var network = new ChainNetwork(winner, skeleton, new Random(seed));
        var progress = new TrainingProgressPrinter(output, "stand-alone");
        var scores = StandaloneTraining.TrainNetwork(network, data, epochs, learningRate, seed,
            progress.Epochs(r => string.Create(CultureInfo.InvariantCulture, $"stand-alone: epoch {r.Epoch}/{epochs}  loss {r.TrainLoss:F3}  train acc {r.TrainAccuracy * 100:F1}%  {r.Seconds:F0} s")),
            checkpointDirectory: Path.Combine(run.Path, FinalFolder), stepProgress: progress.Steps);
        var sizes = new ModelNetworkOptions { StemChannels = skeleton.StemChannels, StageChannels = skeleton.StageChannels, StageLayers = skeleton.StageLayers, LastChannels = skeleton.LastChannels };
        var card = ModelCard.ForImages(ModelSpace.Chain, winner.ToString(), sizes, data.Train, data.Normalization, data.Dataset, Metrics(scores, epochs, supernetScore));
        SavedModel.SaveInRun(run.Path, card, network);
        return (scores, Path.Combine(run.Path, SavedModel.RunSubdirectory));
    }

    private static Dictionary<string, double> Metrics(StandaloneScores final, int epochs, double supernetScore) => new()
    {
        ["test_accuracy"] = Math.Round(final.TestAccuracy, 4),
        ["test_loss"] = Math.Round(final.TestLoss, 6),
        ["valid_accuracy"] = Math.Round(final.ValidationAccuracy, 4),
        ["train_accuracy"] = Math.Round(final.TrainAccuracy, 4),
        ["supernet_score"] = Math.Round(supernetScore, 4),
        ["epochs"] = epochs,
    };
}
