using NasSharp.Search.FewShot;
using NasSharp.Search.Ranking;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;

namespace NasSharp.Search.Evaluation;

/// <summary>
/// A supernet directory as a <see cref="Scoring"/> for <c>nas rank</c>: the held-out accuracy that the one-shot or
/// few-shot supernet gives each of the given architectures (NAS-Bench-201 strings), evaluated as
/// <see cref="SupernetEvaluator{TGenotype}"/> does on the directory's own validation images.
/// </summary>
/// <param name="directory">The supernet directory.</param>
/// <param name="architectures">The architectures to score, typically those of the ground-truth table.</param>
/// <param name="dataDirectory">Where the directory's dataset is read from (unused for the synthetic set).</param>
/// <param name="view">One-shot or few-shot.</param>
/// <param name="progress">Called after each architecture with (done, total), or null.</param>
public sealed class SupernetScoringSource(string directory, IReadOnlyList<string> architectures, string? dataDirectory, SupernetView view, Action<int, int>? progress = null) : IScoringSource
{
    public string Description => $"{directory} ({(view == SupernetView.OneShot ? "one-shot" : "few-shot")})";

    /// <exception cref="InvalidDataException">An architecture is not a NAS-Bench-201 string.</exception>
    /// <exception cref="InvalidOperationException">The few-shot view of a directory without sub-supernets, or a supernet not fully trained.</exception>
    public Scoring Load()
    {
        var genotypes = new List<Nb201Genotype>(architectures.Count);
        foreach (var architecture in architectures)
        {
            genotypes.Add(Nb201Genotype.TryParse(architecture, out var genotype)
                ? genotype
                : throw new InvalidDataException($"{directory}: cannot score '{architecture}', which is not a NAS-Bench-201 architecture string."));
        }

        var supernet = SupernetDirectory.Open(directory);
        var manifest = supernet.Manifest;
        var data = FewShotData.Load(manifest.Dataset, dataDirectory ?? manifest.DataDirectory, manifest.Data);
        var set = FewShotSupernet.Load(supernet, view == SupernetView.OneShot ? 0 : int.MaxValue);
        if (view == SupernetView.FewShot && set.Depth == 0)
        {
            throw new InvalidOperationException($"{directory} has no sub-supernets to score with (train them with nas supernet split --dir {directory}); use the one-shot view instead");
        }

        var evaluator = new SupernetEvaluator<Nb201Genotype>(set, data.ValidationLoader(), Nb201Supernet.PathOf);
        var scores = new List<KeyValuePair<string, double>>(genotypes.Count);
        for (var i = 0; i < genotypes.Count; i++)
        {
            scores.Add(new(architectures[i], evaluator.Evaluate(genotypes[i]).Score));
            progress?.Invoke(i + 1, genotypes.Count);
        }

        return new Scoring(Description, "supernet_accuracy", scores);
    }
}
