using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Serialization;
using NasSharp.Tensors;

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
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in model.StateDict())
        {
            tensors.Add(ModelPrefix + name, tensor);
        }

        foreach (var (name, tensor) in optimizer.StateDict())
        {
            tensors.Add(OptimizerPrefix + name, tensor);
        }

        var metadata = new Dictionary<string, string> { [ProgressKey] = SupernetJson.Serialize(progress) };
        AtomicFile.Write(Path.Combine(directory, FileName), Safetensors.Serialize(tensors, metadata));
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
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = Safetensors.Load(path);
        if (!file.Metadata.TryGetValue(ProgressKey, out var json))
        {
            throw new InvalidDataException($"{path}: no '{ProgressKey}' metadata; not a training checkpoint.");
        }

        var progress = SupernetJson.Deserialize<ClassifierTrainingProgress>(json, path);
        if (progress.Fingerprint != fingerprint)
        {
            throw new ArgumentException($"{path} was made with {progress.Fingerprint}; this run asks for {fingerprint}: resume with the same settings or start a new run.");
        }

        model.LoadStateDict(Strip(file.Tensors, ModelPrefix));
        optimizer.LoadStateDict(Strip(file.Tensors, OptimizerPrefix));
        return progress;
    }

    private static Dictionary<string, Tensor> Strip(IReadOnlyDictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
