using NasSharp.Search.Strategies;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.FewShot;

/// <summary>
/// Trains the supernets of a <see cref="SupernetDirectory"/> of any space it holds (<see cref="SupernetSpace"/>), one at a time: the one-shot supernet, then each
/// sub-supernet from its parent's SAVED weights (few-shot transfer, Zhao et al. 2021, section 3.2). Nothing is
/// shared in memory between two calls, so each sub-supernet can be trained by its own process or machine.
/// </summary>
public static class FewShotTraining
{
    /// <summary>
    /// The NAS-Bench-201 edge split by default: edge 0 (node 1 &lt;- node 0), as the few-shot authors' NB201 code
    /// does (<c>edge_to_split=0</c>). It is the edge most upstream: node 1 feeds edges 2 (2 &lt;- 1) and 4 (3 &lt;- 1)
    /// directly and edge 5 (3 &lt;- 2) through node 2, so its operation changes what three other compound edges see
    /// (edges 1 and 2 reach one other edge, edges 3 to 5 none). Fixing it removes the largest source of
    /// co-adaptation between the weights of different architectures that one edge can remove.
    /// </summary>
    public const int DefaultSplitEdge = 0;

    /// <summary>
    /// Trains (or, with <paramref name="resume"/>, continues) the one-shot supernet with the manifest's recipe.
    /// Without <paramref name="resume"/>, an existing checkpoint is an error rather than silently overwritten.
    /// </summary>
    public static SupernetTrainingState TrainOneShot(SupernetDirectory directory, FewShotData data, bool resume, Action<SupernetProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(data);
        var options = directory.Manifest.Training;
        var supernet = directory.Space.Create(new UniformChoicePolicy(new Random(options.Seed)), new Random(options.Seed));
        return Train(directory.Root, supernet, data, options, resume, progress, cancellationToken);
    }

    /// <summary>
    /// Trains sub-supernet <paramref name="index"/> of <paramref name="parent"/> split on <paramref name="edge"/> for
    /// <paramref name="epochs"/> epochs, initialised with the parent's saved weights and a fresh optimizer and
    /// cosine schedule (as the authors' code restarts them). The parent must have finished training.
    /// </summary>
    public static SupernetTrainingState TrainSplit(SupernetDirectory directory, FewShotData data, SupernetNode parent, int edge, int index, int epochs, bool resume, Action<SupernetProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(data);
        var node = directory.Child(parent, edge, index);
        var options = SplitOptions(directory.Manifest, node, epochs);
        var parentState = SupernetDirectory.State(parent);
        if (parentState is not { IsComplete: true })
        {
            throw new InvalidOperationException($"the {parent} in {directory.Path} has not finished training ({parentState?.CompletedEpochs ?? 0} epochs done); train it before splitting it");
        }

        var parentNet = directory.Space.Create(new UniformChoicePolicy(new Random(0)), new Random(0));
        parentNet.RestrictTo(parent.Splits);
        SupernetCheckpoint.LoadWeights(parent.Directory, parentNet);
        var sub = parentNet.CreateSubSupernet(node.Splits[^1], new UniformChoicePolicy(new Random(options.Seed)), new Random(options.Seed));
        return Train(node, sub, data, options, resume, progress, cancellationToken);
    }

    /// <summary>The recipe of a sub-supernet: the manifest's, with its own epochs and a seed derived from the node's path.</summary>
    public static SupernetTrainingOptions SplitOptions(SupernetManifest manifest, SupernetNode node, int epochs)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(node);
        var seed = manifest.Training.Seed;
        foreach (var k in node.Indices)
        {
            seed = SearchSeeds.Derive(seed, k + 1);
        }

        return manifest.Training with { Epochs = epochs, Seed = seed };
    }

    private static SupernetTrainingState Train(SupernetNode node, ChoiceSupernet supernet, FewShotData data, SupernetTrainingOptions options, bool resume, Action<SupernetProgress>? progress, CancellationToken cancellationToken)
    {
        var training = new SupernetTraining(supernet, data.TrainLoader(), options);
        if (!resume && File.Exists(Path.Combine(node.Directory, SupernetCheckpoint.CheckpointFile)))
        {
            var state = SupernetCheckpoint.ReadState(node.Directory);
            throw new InvalidOperationException($"the {node} in {node.Directory} already has a checkpoint ({state?.CompletedEpochs ?? 0} of {state?.Options.Epochs ?? options.Epochs} epochs); pass --resume to continue it, or use a new --dir");
        }

        if (resume)
        {
            training.TryResume(node.Directory);
        }

        return training.Run(node.Directory, progress, cancellationToken);
    }
}
