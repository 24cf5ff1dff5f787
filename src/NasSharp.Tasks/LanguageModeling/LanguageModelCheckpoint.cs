using System.Text.Json;
using System.Text.Json.Serialization;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// The resume point of a <see cref="LanguageModelTraining"/> run: <c>training.safetensors</c> in the checkpoint
/// directory, replaced atomically after every epoch (<see cref="TrainingCheckpoint"/>'s layout), holding the weights
/// (<c>model.*</c>), the optimiser's state (<c>optimizer.*</c>: after NT-ASGD's switch, averaged SGD's running averages
/// and step counts), the best validation epoch's weights (<c>best.*</c>, once there is one) and the
/// <see cref="LanguageModelTrainingProgress"/> as JSON metadata.
/// </summary>
public static class LanguageModelCheckpoint
{
    public const string FileName = "training.safetensors";

    private const string ProgressKey = "progress";
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string BestPrefix = "best.";

    // Perplexities of a diverging epoch can be infinite: named literals keep them.
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the checkpoint of <paramref name="model"/>, <paramref name="optimizer"/> and the best weights at <paramref name="progress"/>.</summary>
    public static void Save(string directory, Module model, Optimizer optimizer, StateSnapshot? best, LanguageModelTrainingProgress progress)
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
    /// The checkpoint in <paramref name="directory"/>: its progress, the model's and the optimiser's state and the best
    /// weights (null before a best epoch), or null when there is none. Throws naming both when the checkpoint was made
    /// with another recipe, corpus or model.
    /// </summary>
    public static (LanguageModelTrainingProgress Progress, IReadOnlyDictionary<string, Tensor> Model, IReadOnlyDictionary<string, Tensor> Optimizer, StateSnapshot? Best)? TryRead(string directory, string fingerprint)
    {
        if (TrainingCheckpoint.Read(directory, FileName, ProgressKey, "language-model training") is not { } file)
        {
            return null;
        }

        LanguageModelTrainingProgress progress;
        try
        {
            progress = JsonSerializer.Deserialize<LanguageModelTrainingProgress>(file.Json, Json) ?? throw new InvalidDataException($"{file.Path}: the progress is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file.Path}: not a language-model training checkpoint ({e.Message}).", e);
        }

        if (progress.Fingerprint != fingerprint)
        {
            throw new ArgumentException($"{file.Path} was made with {progress.Fingerprint}; this run asks for {fingerprint}: resume with the same settings or start a new run.");
        }

        var best = TrainingCheckpoint.Part(file.Tensors, BestPrefix);
        return (progress, TrainingCheckpoint.Part(file.Tensors, ModelPrefix), TrainingCheckpoint.Part(file.Tensors, OptimizerPrefix), best.Count == 0 ? null : StateSnapshot.From(best));
    }
}
