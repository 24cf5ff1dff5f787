using NasSharp.NN.Serialization;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The resume point of a differentiable search: one <c>search.safetensors</c> per search directory, replaced atomically
/// after every epoch, holding the supernet's weights and buffers (<c>model.*</c>), the architecture tables
/// (<c>alpha.G</c>), both optimisers' state (<c>weights_optimizer.*</c>, <c>alpha_optimizer.*</c>) and the
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
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        Add(tensors, "model.", trainer.Supernet.StateDict());
        Add(tensors, "weights_optimizer.", trainer.WeightOptimizer.StateDict());
        Add(tensors, "alpha_optimizer.", trainer.ArchitectureOptimizer.StateDict());
        for (var g = 0; g < trainer.Tables.Tables.Count; g++)
        {
            tensors.Add(FormattableString.Invariant($"alpha.{g}"), trainer.Tables.Tables[g]);
        }

        var metadata = new Dictionary<string, string> { [ProgressKey] = SupernetJson.Serialize(progress) };
        AtomicFile.Write(Path.Combine(directory, FileName), Safetensors.Serialize(tensors, metadata));
    }

    /// <summary>
    /// Restores <paramref name="trainer"/> from the checkpoint in <paramref name="directory"/> and returns its progress,
    /// or null when there is none; <paramref name="hook"/> rebuilds its state (a grown supernet's shape) first. Throws naming both recipes when the checkpoint was made with another one.
    /// </summary>
    public static DifferentiableProgress? TryRestore(string directory, DifferentiableTrainer trainer, string fingerprint, ISearchEpochHook? hook = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = Safetensors.Load(path);
        if (!file.Metadata.TryGetValue(ProgressKey, out var json))
        {
            throw new InvalidDataException($"{path}: no '{ProgressKey}' metadata; not a differentiable search checkpoint.");
        }

        var progress = SupernetJson.Deserialize<DifferentiableProgress>(json, path);
        if (progress.Fingerprint != fingerprint)
        {
            throw new ArgumentException($"{path} was made with {progress.Fingerprint}; this run asks for {fingerprint}: resume with the same settings or start a new run.");
        }

        if (hook != null && progress.Hook != null)
        {
            hook.RestoreState(trainer, progress.Hook);
        }

        trainer.Supernet.LoadStateDict(Strip(file.Tensors, "model."));
        trainer.WeightOptimizer.LoadStateDict(Strip(file.Tensors, "weights_optimizer."));
        trainer.ArchitectureOptimizer.LoadStateDict(Strip(file.Tensors, "alpha_optimizer."));
        for (var g = 0; g < trainer.Tables.Tables.Count; g++)
        {
            file.Tensors[FormattableString.Invariant($"alpha.{g}")].Data.CopyTo(trainer.Tables.Tables[g].Data);
        }

        return progress;
    }

    private static void Add(Dictionary<string, Tensor> into, string prefix, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        foreach (var (name, tensor) in tensors)
        {
            into.Add(prefix + name, tensor);
        }
    }

    private static Dictionary<string, Tensor> Strip(IReadOnlyDictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
