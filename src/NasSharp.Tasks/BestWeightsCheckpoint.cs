using System.Text.Json;
using System.Text.Json.Serialization;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Tensors;

namespace NasSharp.Tasks;

/// <summary>
/// The resume point of a task trainer that selects its best validation epoch (forecasting, language modelling):
/// <c>training.safetensors</c> in the checkpoint directory, replaced atomically after every epoch
/// (<see cref="TrainingCheckpoint"/>'s layout), holding the weights and buffers (<c>model.*</c>), the optimiser's state
/// (<c>optimizer.*</c>: Adam's moments, averaged SGD's running averages, with their step counts), the best epoch's
/// weights (<c>best.*</c>, once there is one) and the trainer's progress record as JSON metadata, which carries the
/// fingerprint of the recipe, data and model it belongs to.
/// </summary>
public static class BestWeightsCheckpoint
{
    public const string FileName = "training.safetensors";

    private const string ProgressKey = "progress";
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string BestPrefix = "best.";

    // Losses and perplexities of a diverging epoch can be infinite: named literals keep them.
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the checkpoint of <paramref name="model"/>, <paramref name="optimizer"/> and the best weights at <paramref name="progress"/>.</summary>
    public static void Save<TProgress>(string directory, Module model, Optimizer optimizer, StateSnapshot? best, TProgress progress)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var parts = new List<(string, IEnumerable<KeyValuePair<string, Tensor>>)> { (ModelPrefix, model.StateDict()), (OptimizerPrefix, optimizer.StateDict()) };
        if (best != null)
        {
            parts.Add((BestPrefix, best.State));
        }

        TrainingCheckpoint.Write(directory, FileName, ProgressKey, JsonSerializer.Serialize(progress, Json), parts);
    }

    /// <summary>
    /// The checkpoint in <paramref name="directory"/> of a <paramref name="what"/> (for messages): its progress, the
    /// model's and the optimiser's state and the best weights (null before a best epoch), or null when there is none.
    /// Throws naming both when the progress's fingerprint (<paramref name="fingerprintOf"/>) is not <paramref name="fingerprint"/>.
    /// </summary>
    public static (TProgress Progress, IReadOnlyDictionary<string, Tensor> Model, IReadOnlyDictionary<string, Tensor> Optimizer, StateSnapshot? Best)? TryRead<TProgress>(string directory, string fingerprint, Func<TProgress, string> fingerprintOf, string what)
        where TProgress : class
    {
        ArgumentNullException.ThrowIfNull(fingerprintOf);
        if (TrainingCheckpoint.Read(directory, FileName, ProgressKey, what) is not { } file)
        {
            return null;
        }

        TProgress progress;
        try
        {
            progress = JsonSerializer.Deserialize<TProgress>(file.Json, Json) ?? throw new InvalidDataException($"{file.Path}: the progress is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file.Path}: not a {what} checkpoint ({e.Message}).", e);
        }

        if (fingerprintOf(progress) != fingerprint)
        {
            throw new ArgumentException($"{file.Path} was made with {fingerprintOf(progress)}; this run asks for {fingerprint}: resume with the same settings or start a new run.");
        }

        var best = TrainingCheckpoint.Part(file.Tensors, BestPrefix);
        return (progress, TrainingCheckpoint.Part(file.Tensors, ModelPrefix), TrainingCheckpoint.Part(file.Tensors, OptimizerPrefix), best.Count == 0 ? null : StateSnapshot.From(best));
    }
}
