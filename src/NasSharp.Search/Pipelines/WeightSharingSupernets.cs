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
/// the supernet whose part holds it. With a checkpoint directory every supernet writes a checkpoint per epoch
/// (<see cref="SupernetCheckpoint"/>: <see cref="OneShotFolder"/>, then <see cref="SplitFolder"/> per choice) and a later
/// call with the same directory continues from them, bitwise as an uninterrupted run. (<c>nas supernet train / split</c>
/// do the same for NAS-Bench-201 across processes.)
/// </summary>
public static class WeightSharingSupernets
{
    /// <summary>The checkpoint folder of the one-shot supernet.</summary>
    public const string OneShotFolder = "oneshot";

    /// <summary>The checkpoint folder of the sub-supernet of split choice <paramref name="choice"/>: <c>split-K</c>.</summary>
    public static string SplitFolder(int choice) => FormattableString.Invariant($"split-{choice}");

    /// <summary>
    /// Trains <paramref name="root"/> for <paramref name="training"/>.Epochs and, when <paramref name="split"/> is given,
    /// its sub-supernets on that (group, row) for <paramref name="splitEpochs"/> each. <paramref name="progress"/> receives
    /// (part name, progress): <c>one-shot</c> or <c>sub-supernet K (NAME)</c>. With <paramref name="checkpointDirectory"/>,
    /// each supernet resumes from its checkpoint there (a finished one returns at once) and checkpoints every epoch;
    /// <paramref name="cancellationToken"/> stops before the next batch, the last checkpoints staying the resume point.
    /// </summary>
    public static FewShotSupernet Train(ChoiceSupernet root, DataLoader train, SupernetTrainingOptions training, (int Group, int Row)? split, int splitEpochs, Action<string, SupernetProgress>? progress = null, string? checkpointDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(training);
        if (split is { } && splitEpochs <= 0)
        {
            throw new ArgumentException($"few-shot: sub-supernet epochs must be positive, got {splitEpochs}.");
        }

        TrainOne(root, train, training, Folder(checkpointDirectory, OneShotFolder), p => progress?.Invoke("one-shot", p), cancellationToken);
        if (split is not { } row)
        {
            return new FewShotSupernet(root, []);
        }

        var subs = new List<ChoiceSupernet>();
        foreach (var choice in root.Mask.Open(row.Group, row.Row))
        {
            // Each sub-supernet is seeded by its identity, so it does not depend on which others are trained.
            var seed = SearchSeeds.Derive(training.Seed, 1000 + choice);
            var sub = root.CreateSubSupernet(new ChoiceSplit(row.Group, row.Row, choice), new UniformChoicePolicy(new Random(seed)), new Random(seed));
            var name = $"sub-supernet {choice} ({root.ChoiceName(row.Group, choice)})";
            TrainOne(sub, train, training with { Epochs = splitEpochs, Seed = seed }, Folder(checkpointDirectory, SplitFolder(choice)), p => progress?.Invoke(name, p), cancellationToken);
            subs.Add(sub);
        }

        return new FewShotSupernet(root, subs);
    }

    // A sub-supernet starts from its parent's weights (CreateSubSupernet); its own checkpoint, when there is one, replaces them.
    private static void TrainOne(ChoiceSupernet supernet, DataLoader train, SupernetTrainingOptions options, string? directory, Action<SupernetProgress> progress, CancellationToken cancellationToken)
    {
        var training = new SupernetTraining(supernet, train, options);
        if (directory != null)
        {
            training.TryResume(directory);
        }

        training.Run(directory, progress, cancellationToken);
    }

    private static string? Folder(string? directory, string folder) => directory is null ? null : Path.Combine(directory, folder);
}
