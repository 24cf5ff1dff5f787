using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Search.Networks;
using NasSharp.Search.Spaces;
using NasSharp.Search.Training;
using NasSharp.Tasks;

namespace NasSharp.Search.FewShot;

/// <summary>
/// Trains one architecture from scratch with the one retraining recipe (<see cref="RetrainingRecipe"/> on
/// <see cref="FewShotData.Train"/>, ordinary batch norm) and scores it
/// once at the end on the held-out and test images. The ground truth and the final training of a search's winner
/// both come from here, so they share one recipe. With a checkpoint directory the training checkpoints every epoch and
/// resumes from it bitwise (<see cref="ClassifierTraining.Run"/>); the trained network comes back with the result, to
/// be saved (<see cref="Models.SavedModel"/>) or used.
/// </summary>
public static class StandaloneTraining
{
    /// <summary>
    /// Trains <paramref name="genotype"/> for <paramref name="epochs"/> epochs; the network's weights are seeded by
    /// <paramref name="seed"/>. With <paramref name="checkpointDirectory"/>, checkpoints there after every epoch and
    /// resumes from a checkpoint found there. <paramref name="stepProgress"/> hears every batch.
    /// </summary>
    public static StandaloneResult Train(Nb201Genotype genotype, FewShotData data, int channels, int cellsPerStage, int epochs, float learningRate, int seed, IProgress<EpochReport>? progress = null, bool scoreValidation = true, string? checkpointDirectory = null, IProgress<TrainingStep>? stepProgress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var skeleton = Nb201Network.StandaloneOptions(channels, cellsPerStage, data.Train.ClassCount, data.Train.Channels);
        var network = new Nb201Network(genotype, skeleton, new Random(seed));
        var scores = TrainNetwork(network, data, epochs, learningRate, seed, progress, scoreValidation, checkpointDirectory, stepProgress);
        return new StandaloneResult(genotype, scores.TestAccuracy, scores.TestLoss, scores.ValidationAccuracy, scores.TrainAccuracy, scores.Seconds) { Network = network };
    }

    /// <summary>
    /// Trains <paramref name="network"/>, a freshly initialised stand-alone network of any space (e.g. a
    /// <see cref="Networks.Chain.ChainNetwork"/> seeded by <paramref name="seed"/>), with the same recipe and scoring
    /// as <see cref="Train"/>; the network is left trained, in evaluation mode.
    /// </summary>
    public static StandaloneScores TrainNetwork(Module network, FewShotData data, int epochs, float learningRate, int seed, IProgress<EpochReport>? progress = null, bool scoreValidation = true, string? checkpointDirectory = null, IProgress<TrainingStep>? stepProgress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        var recipe = RetrainingRecipe.For(DatasetCatalog.Parse(data.Dataset), epochs, data.Options.BatchSize, learningRate, data.Normalization, seed);
        var training = new ClassifierTraining(network, recipe).Run(data.Train, test: null, progress, checkpointDirectory, stepProgress: stepProgress);
        var last = training.Epochs[^1];
        var validation = scoreValidation ? ClassifierEvaluation.Score(network, data.ValidationLoader()).Accuracy * 100 : double.NaN;
        var test = ClassifierEvaluation.Score(network, data.TestLoader());
        network.Eval();
        return new StandaloneScores(test.Accuracy * 100, test.Loss, validation, last.TrainAccuracy * 100, training.Seconds);
    }
}
