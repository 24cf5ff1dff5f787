using NasSharp.NN.Serialization;
using NasSharp.Tensors;

namespace NasSharp.NN.Training;

/// <summary>
/// The file layout every training checkpoint shares: one safetensors file, replaced atomically, holding tensors grouped
/// under prefixes (<c>model.</c>, <c>optimizer.</c>, ...) and the run's progress as one JSON metadata entry, so
/// weights, optimiser state and epoch can never disagree. <c>DifferentiableCheckpoint</c>,
/// <c>SupernetCheckpoint</c> and <c>ClassifierTrainingCheckpoint</c> name their files, prefixes and key.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>Writes <paramref name="fileName"/> in <paramref name="directory"/>: every part's tensors under its prefix, in order, and <paramref name="json"/> under <paramref name="key"/>.</summary>
    public static void Write(string directory, string fileName, string key, string json, params IEnumerable<(string Prefix, IEnumerable<KeyValuePair<string, Tensor>> Tensors)> parts)
    {
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (prefix, part) in parts)
        {
            foreach (var (name, tensor) in part)
            {
                tensors.Add(prefix + name, tensor);
            }
        }

        AtomicFile.Write(Path.Combine(directory, fileName), Safetensors.Serialize(tensors, new Dictionary<string, string> { [key] = json }));
    }

    /// <summary>
    /// The tensors and the JSON under <paramref name="key"/> of <paramref name="fileName"/> in <paramref name="directory"/>, or
    /// null when there is no such file; a file without the key is not a <paramref name="what"/> checkpoint.
    /// </summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, string Json, string Path)? Read(string directory, string fileName, string key, string what)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = Safetensors.Load(path);
        return file.Metadata.TryGetValue(key, out var json)
            ? (file.Tensors, json, path)
            : throw new InvalidDataException($"{path}: no '{key}' metadata; not a {what} checkpoint.");
    }

    /// <summary>The tensors under <paramref name="prefix"/>, with the prefix removed.</summary>
    public static Dictionary<string, Tensor> Part(IReadOnlyDictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
