using System.Text.Json;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// The resume point of a <see cref="ForecastTraining"/> run: <c>training.safetensors</c> in the checkpoint directory,
/// replaced atomically after every epoch (<see cref="TrainingCheckpoint"/>'s layout), holding the weights and buffers
/// (<c>model.*</c>), Adam's state (<c>optimizer.*</c>: moments and step counts), the best validation epoch's weights
/// (<c>best.*</c>, once there is one) and the <see cref="ForecastTrainingProgress"/> as JSON metadata.
/// </summary>
public static class ForecastCheckpoint
{
    public const string FileName = "training.safetensors";

    private const string ProgressKey = "progress";
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string BestPrefix = "best.";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the checkpoint of <paramref name="model"/>, <paramref name="optimizer"/> and the best weights at <paramref name="progress"/>.</summary>
    public static void Save(string directory, Module model, Optimizer optimizer, StateSnapshot? best, ForecastTrainingProgress progress)
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
    /// Restores <paramref name="model"/> and <paramref name="optimizer"/> from the checkpoint in <paramref name="directory"/>
    /// and returns its progress with the best weights (null before a best epoch), or null when there is none. Throws
    /// naming both when the checkpoint was made with another recipe, series or model.
    /// </summary>
    public static (ForecastTrainingProgress Progress, StateSnapshot? Best)? TryRestore(string directory, Module model, Optimizer optimizer, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (TrainingCheckpoint.Read(directory, FileName, ProgressKey, "forecast training") is not { } file)
        {
            return null;
        }

        ForecastTrainingProgress progress;
        try
        {
            progress = JsonSerializer.Deserialize<ForecastTrainingProgress>(file.Json, Json) ?? throw new InvalidDataException($"{file.Path}: the progress is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file.Path}: not a forecast training checkpoint ({e.Message}).", e);
        }

        if (progress.Fingerprint != fingerprint)
        {
            throw new ArgumentException($"{file.Path} was made with {progress.Fingerprint}; this run asks for {fingerprint}: resume with the same settings or start a new run.");
        }

        model.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, ModelPrefix));
        optimizer.LoadStateDict(TrainingCheckpoint.Part(file.Tensors, OptimizerPrefix));
        var best = TrainingCheckpoint.Part(file.Tensors, BestPrefix);
        return (progress, best.Count == 0 ? null : StateSnapshot.From(best));
    }
}
