using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Serialization;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The files a supernet training run keeps in its directory, each replaced atomically after every epoch:
/// <list type="bullet">
/// <item><c>checkpoint.safetensors</c>: weights (<c>model.*</c>), optimizer state (<c>optimizer.*</c>) and the
/// <see cref="SupernetTrainingState"/> as JSON metadata; one file, so weights, optimizer and epoch can never
/// disagree. The resume point.</item>
/// <item><c>weights.safetensors</c>: the weights alone, under the module's own names (what evaluators and
/// sub-supernets load).</item>
/// <item><c>state.json</c>: the same state, for people and for "is it finished?" checks; written last.</item>
/// </list>
/// </summary>
public static class SupernetCheckpoint
{
    public const string CheckpointFile = "checkpoint.safetensors";
    public const string WeightsFile = "weights.safetensors";
    public const string StateFile = "state.json";

    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string StateKey = "state";

    /// <summary>Writes the three files for the end of an epoch.</summary>
    public static void Save(string directory, Module model, Optimizer optimizer, SupernetTrainingState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        Directory.CreateDirectory(directory);
        var weights = model.StateDict();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in weights)
        {
            tensors.Add(ModelPrefix + name, tensor);
        }

        foreach (var (name, tensor) in optimizer.StateDict())
        {
            tensors.Add(OptimizerPrefix + name, tensor);
        }

        var metadata = new Dictionary<string, string> { [StateKey] = SupernetJson.Serialize(state) };
        AtomicFile.Write(Path.Combine(directory, CheckpointFile), Safetensors.Serialize(tensors, metadata));
        AtomicFile.Write(Path.Combine(directory, WeightsFile), Safetensors.Serialize(weights));
        SupernetJson.Write(Path.Combine(directory, StateFile), state);
    }

    /// <summary>
    /// Restores weights and optimizer state from <c>checkpoint.safetensors</c> and returns its state, or null when
    /// the directory holds no checkpoint.
    /// </summary>
    public static SupernetTrainingState? TryRestore(string directory, Module model, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var path = Path.Combine(directory, CheckpointFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = Safetensors.Load(path);
        if (!file.Metadata.TryGetValue(StateKey, out var stateJson))
        {
            throw new InvalidDataException($"{path}: no '{StateKey}' metadata; not a supernet checkpoint.");
        }

        model.LoadStateDict(Strip(file.Tensors, ModelPrefix));
        optimizer.LoadStateDict(Strip(file.Tensors, OptimizerPrefix));
        return SupernetJson.Deserialize<SupernetTrainingState>(stateJson, path);
    }

    /// <summary>The state in <c>state.json</c>, or null when training never finished an epoch there.</summary>
    public static SupernetTrainingState? ReadState(string directory)
    {
        var path = Path.Combine(directory, StateFile);
        return File.Exists(path) ? SupernetJson.Read<SupernetTrainingState>(path) : null;
    }

    /// <summary>Loads <c>weights.safetensors</c> into <paramref name="model"/> (strict: every name must match).</summary>
    public static void LoadWeights(string directory, Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = Path.Combine(directory, WeightsFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found: the supernet in {directory} has not finished an epoch.", path);
        }

        model.LoadStateDict(Safetensors.Load(path).Tensors);
    }

    private static Dictionary<string, Tensor> Strip(IReadOnlyDictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
