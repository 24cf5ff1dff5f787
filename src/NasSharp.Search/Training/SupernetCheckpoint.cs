using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Serialization;

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
        var weights = model.StateDict();
        TrainingCheckpoint.Write(directory, CheckpointFile, StateKey, SupernetJson.Serialize(state), (ModelPrefix, weights), (OptimizerPrefix, optimizer.StateDict()));
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
        if (TrainingCheckpoint.Read(directory, CheckpointFile, StateKey, "supernet") is not { } file)
        {
            return null;
        }

        model.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, ModelPrefix));
        optimizer.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, OptimizerPrefix));
        return SupernetJson.Deserialize<SupernetTrainingState>(file.Json, file.Path);
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
}
