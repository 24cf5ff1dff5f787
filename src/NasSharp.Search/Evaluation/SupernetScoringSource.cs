using NasSharp.Search.FewShot;
using NasSharp.Search.Ranking;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;

namespace NasSharp.Search.Evaluation;

/// <summary>
/// A supernet directory as a <see cref="Scoring"/> for <c>nas rank</c>: the held-out accuracy that the one-shot or
/// few-shot supernet gives each of the given architectures (written in the directory's space: NAS-Bench-201 strings or
/// chain genotypes), evaluated as <see cref="SupernetEvaluator{TGenotype}"/> does on the directory's own validation images.
/// </summary>
/// <param name="directory">The supernet directory.</param>
/// <param name="architectures">The architectures to score, typically those of the ground-truth table.</param>
/// <param name="dataDirectory">Where the directory's dataset is read from (unused for the synthetic set).</param>
/// <param name="view">One-shot or few-shot.</param>
/// <param name="progress">Called after each architecture with (done, total), or null.</param>
public sealed class SupernetScoringSource(string directory, IReadOnlyList<string> architectures, string? dataDirectory, SupernetView view, Action<int, int>? progress = null) : IScoringSource
{
    public string Description => $"{directory} ({(view == SupernetView.OneShot ? "one-shot" : "few-shot")})";

    /// <exception cref="InvalidDataException">An architecture is not one of the directory's space.</exception>
    /// <exception cref="InvalidOperationException">The few-shot view of a directory without sub-supernets, or a supernet not fully trained.</exception>
    public Scoring Load()
    {
        var supernet = SupernetDirectory.Open(directory);
        var space = supernet.Space;
        var paths = new Dictionary<string, IReadOnlyList<int[]>>(architectures.Count, StringComparer.Ordinal);
        foreach (var architecture in architectures)
        {
            paths[architecture] = space.TryParsePath(architecture, out var path)
                ? path
                : throw new InvalidDataException($"{directory}: cannot score '{architecture}', which is not {space.ArchitectureForm}.");
        }

        var manifest = supernet.Manifest;
        var data = FewShotData.Load(manifest.Dataset, dataDirectory ?? manifest.DataDirectory, manifest.Data);
        var set = FewShotSupernet.Load(supernet, view == SupernetView.OneShot ? 0 : int.MaxValue);
        if (view == SupernetView.FewShot && set.Depth == 0)
        {
            throw new InvalidOperationException($"{directory} has no sub-supernets to score with (train them with nas supernet split --dir {directory}); use the one-shot view instead");
        }

        var evaluator = new SupernetEvaluator<string>(set, data.ValidationLoader(), a => paths[a]);
        var scores = new List<KeyValuePair<string, double>>(architectures.Count);
        for (var i = 0; i < architectures.Count; i++)
        {
            scores.Add(new(architectures[i], evaluator.Evaluate(architectures[i]).Score));
            progress?.Invoke(i + 1, architectures.Count);
        }

        return new Scoring(Description, "supernet_accuracy", scores);
    }
}
