using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Strategies;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// Weight-sharing supernets of any space, trained in one process: the one-shot supernet by single-path uniform sampling
/// (SPOS, Guo et al. 2020), and, for few-shot NAS (Zhao et al., ICML 2021, section 3), one sub-supernet per choice of a
/// split row, each initialised from the trained parent (transfer) and trained further. The result routes each path to
/// the supernet whose part holds it. (<c>nas supernet train / split</c> do the same for NAS-Bench-201 across processes,
/// with checkpoints.)
/// </summary>
public static class WeightSharingSupernets
{
    /// <summary>
    /// Trains <paramref name="root"/> for <paramref name="training"/>.Epochs and, when <paramref name="split"/> is given,
    /// its sub-supernets on that (group, row) for <paramref name="splitEpochs"/> each. <paramref name="progress"/> receives
    /// (part name, progress): <c>one-shot</c> or <c>sub-supernet K (NAME)</c>.
    /// </summary>
    public static FewShotSupernet Train(ChoiceSupernet root, DataLoader train, SupernetTrainingOptions training, (int Group, int Row)? split, int splitEpochs, Action<string, SupernetProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(training);
        new SupernetTraining(root, train, training).Run(null, p => progress?.Invoke("one-shot", p));
        if (split is not { } row)
        {
            return new FewShotSupernet(root, []);
        }

        if (splitEpochs <= 0)
        {
            throw new ArgumentException($"few-shot: sub-supernet epochs must be positive, got {splitEpochs}.");
        }

        var subs = new List<ChoiceSupernet>();
        foreach (var choice in root.Mask.Open(row.Group, row.Row))
        {
            // Each sub-supernet is seeded by its identity, so it does not depend on which others are trained.
            var seed = SearchSeeds.Derive(training.Seed, 1000 + choice);
            var sub = root.CreateSubSupernet(new ChoiceSplit(row.Group, row.Row, choice), new UniformChoicePolicy(new Random(seed)), new Random(seed));
            var name = $"sub-supernet {choice} ({root.ChoiceName(row.Group, choice)})";
            new SupernetTraining(sub, train, training with { Epochs = splitEpochs, Seed = seed }).Run(null, p => progress?.Invoke(name, p));
            subs.Add(sub);
        }

        return new FewShotSupernet(root, subs);
    }
}
