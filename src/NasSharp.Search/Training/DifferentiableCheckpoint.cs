using NasSharp.NN.Training;

namespace NasSharp.Search.Training;

/// <summary>
/// The resume point of a differentiable search: one <c>search.safetensors</c> per search directory, replaced atomically
/// after every epoch, holding the supernet's weights and buffers (<c>model.*</c>), the architecture tables
/// (<c>alpha.G</c>), the three optimisers' state (<c>weights_optimizer.*</c>, <c>alpha_optimizer.*</c>, <c>gain_optimizer.*</c>) and the
/// <see cref="DifferentiableProgress"/> as JSON metadata: one file, so none of them can disagree.
/// </summary>
public static class DifferentiableCheckpoint
{
    public const string FileName = "search.safetensors";

    private const string ProgressKey = "progress";

    /// <summary>Writes the checkpoint of <paramref name="trainer"/> at <paramref name="progress"/>.</summary>
    public static void Save(string directory, DifferentiableTrainer trainer, DifferentiableProgress progress)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var alpha = trainer.Tables.Tables.Select((table, g) => KeyValuePair.Create(g.ToString(System.Globalization.CultureInfo.InvariantCulture), table));
        TrainingCheckpoint.Write(
            directory, FileName, ProgressKey, SupernetJson.Serialize(progress),
            ("model.", trainer.Supernet.StateDict()), ("weights_optimizer.", trainer.WeightOptimizer.StateDict()), ("alpha_optimizer.", trainer.ArchitectureOptimizer.StateDict()),
            ("gain_optimizer.", trainer.GainOptimizer.StateDict()), ("alpha.", alpha));
    }

    /// <summary>
    /// Restores <paramref name="trainer"/> from the checkpoint in <paramref name="directory"/> and returns its progress,
    /// or null when there is none; <paramref name="hook"/> rebuilds its state (a grown supernet's shape) first. Throws naming both recipes when the checkpoint was made with another one.
    /// </summary>
    public static DifferentiableProgress? TryRestore(string directory, DifferentiableTrainer trainer, string fingerprint, ISearchEpochHook? hook = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (TrainingCheckpoint.Read(directory, FileName, ProgressKey, "differentiable search") is not { } file)
        {
            return null;
        }

        var (tensors, json, path) = file;

        var progress = SupernetJson.Deserialize<DifferentiableProgress>(json, path);
        if (progress.Fingerprint != fingerprint)
        {
            throw new ArgumentException($"{path} was made with {progress.Fingerprint}; this run asks for {fingerprint}: resume with the same settings or start a new run.");
        }

        if (hook != null && progress.Hook != null)
        {
            hook.RestoreState(trainer, progress.Hook);
        }

        trainer.Supernet.LoadStateDict(TrainingCheckpoint.Part(tensors, "model."));
        trainer.WeightOptimizer.LoadStateDict(TrainingCheckpoint.Part(tensors, "weights_optimizer."));
        trainer.ArchitectureOptimizer.LoadStateDict(TrainingCheckpoint.Part(tensors, "alpha_optimizer."));
        trainer.GainOptimizer.LoadStateDict(TrainingCheckpoint.Part(tensors, "gain_optimizer."));
        for (var g = 0; g < trainer.Tables.Tables.Count; g++)
        {
            tensors[FormattableString.Invariant($"alpha.{g}")].Data.CopyTo(trainer.Tables.Tables[g].Data);
        }

        return progress;
    }
}
