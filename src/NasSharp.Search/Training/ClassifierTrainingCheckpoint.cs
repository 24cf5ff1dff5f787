using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Optimization;

namespace NasSharp.Search.Training;

/// <summary>
/// The resume point of a <see cref="ClassifierTraining"/> run: one <c>training.safetensors</c> per checkpoint
/// directory, replaced atomically after every epoch (checksummed like every safetensors file NasSharp writes), holding
/// the network's weights and buffers (<c>model.*</c>: parameters and batch-norm running statistics), the optimiser's
/// state (<c>optimizer.*</c>: SGD momentum) and the <see cref="ClassifierTrainingProgress"/> as JSON metadata: one
/// file, so weights, optimiser and epoch can never disagree.
/// </summary>
public static class ClassifierTrainingCheckpoint
{
    public const string FileName = "training.safetensors";

    private const string ProgressKey = "progress";
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";

    /// <summary>Writes the checkpoint of <paramref name="model"/> and <paramref name="optimizer"/> at <paramref name="progress"/>.</summary>
    public static void Save(string directory, Module model, Optimizer optimizer, ClassifierTrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        TrainingCheckpoint.Write(directory, FileName, ProgressKey, SupernetJson.Serialize(progress), (ModelPrefix, model.StateDict()), (OptimizerPrefix, optimizer.StateDict()));
    }

    /// <summary>
    /// Restores <paramref name="model"/> and <paramref name="optimizer"/> from the checkpoint in
    /// <paramref name="directory"/> and returns its progress, or null when there is none. Throws naming both when the
    /// checkpoint was made with another recipe, network or data (continuing would not reproduce the run it came from).
    /// </summary>
    public static ClassifierTrainingProgress? TryRestore(string directory, Module model, Optimizer optimizer, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (TrainingCheckpoint.Read(directory, FileName, ProgressKey, "training") is not { } file)
        {
            return null;
        }

        var progress = SupernetJson.Deserialize<ClassifierTrainingProgress>(file.Json, file.Path);
        if (progress.Fingerprint != fingerprint)
        {
            throw new ArgumentException($"{file.Path} was made with {progress.Fingerprint}; this run asks for {fingerprint}: resume with the same settings or start a new run.");
        }

        model.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, ModelPrefix));
        optimizer.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, OptimizerPrefix));
        return progress;
    }
}
