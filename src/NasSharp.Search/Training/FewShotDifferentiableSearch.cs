using NasSharp.Data;
using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;

namespace NasSharp.Search.Training;

/// <summary>
/// Few-shot differentiable search (Zhao et al., ICML 2021, section 4.3: "few-shot DARTS / GDAS"): run the method on
/// the one-shot supernet for <c>parentEpochs</c> (the warm-up whose weights are transferred), split it on one
/// compound edge into one sub-supernet per open operation, each initialised from the parent's weights and alpha,
/// run the method on each for the options' epochs, and keep the sub-supernet that scores best on the selection data
/// with its inherited weights: as trained (the softmax mixture) for DARTS and SNAS, its derived path for GDAS and DSNAS.
/// </summary>
public static class FewShotDifferentiableSearch
{
    /// <summary>
    /// Runs the few-shot search. <paramref name="onStart"/> receives (part, initial distribution) and <paramref name="onEpoch"/>
    /// (part, epoch), where part is -1 for the parent's warm-up and the index of the split operation otherwise.
    /// </summary>
    public static FewShotDifferentiableResult Run(
        Nb201Supernet parent,
        DifferentiableSearchOptions options,
        int imageSize,
        int splitEdge,
        int parentEpochs,
        DataLoader weightData,
        DataLoader? architectureData,
        DataLoader selectionData,
        Action<int, DifferentiableEpoch>? onEpoch = null,
        Action<int, ArchitectureDistribution>? onStart = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(options);
        if (splitEdge < 0 || splitEdge >= parent.EdgeSpace.EdgeCount || parentEpochs < 0)
        {
            throw new ArgumentException($"Few-shot search: split edge {splitEdge} must be in 0..5 and parent epochs ({parentEpochs}) non-negative.");
        }

        DifferentiableSearchResult? warmUp = null;
        var parentTrainer = DifferentiableSearch.CreateTrainer(parent, options with { Epochs = Math.Max(1, parentEpochs) }, imageSize);
        if (parentEpochs > 0)
        {
            onStart?.Invoke(-1, parentTrainer.Distribution());
            warmUp = DifferentiableSearch.Run(parentTrainer, weightData, architectureData, e => onEpoch?.Invoke(-1, e));
        }

        var parts = new List<FewShotPart>();
        foreach (var op in parent.EdgeSpace.Allowed(splitEdge))
        {
            var split = new SupernetSplit(splitEdge, op);
            var child = parent.CreateSubSupernet(split, new FixedPathPolicy(default), new Random(options.Seed + 7 + (int)op));
            var trainer = DifferentiableSearch.CreateTrainer(child, options with { Seed = options.Seed + 100 + (int)op }, imageSize, parentTrainer.Alpha);
            var index = parts.Count;
            onStart?.Invoke(index, trainer.Distribution());
            var result = DifferentiableSearch.Run(trainer, weightData, architectureData, e => onEpoch?.Invoke(index, e));
            var score = SelectionScore(child, trainer, result.Genotype, options.Method, selectionData);
            parts.Add(new FewShotPart(split, child, result, score));
        }

        var best = parts.OrderByDescending(p => p.Selection.Accuracy).ThenBy(p => p.Selection.Loss).First();
        return new FewShotDifferentiableResult(warmUp, parts, best);
    }

    // A continuous method's sub-supernet is scored as it was trained, the softmax mixture: its derived path scored with
    // the inherited weights lands near chance in every sub-supernet (the discretization gap; Wang et al., ICLR 2021,
    // "Rethinking architecture selection in differentiable NAS"), which would make the choice among them a lottery.
    // GDAS and DSNAS train single paths, so the derived path itself is scored.
    private static ClassificationScore SelectionScore(Nb201Supernet child, DifferentiableTrainer trainer, Spaces.Nb201Genotype genotype, DifferentiableMethod method, DataLoader selectionData)
    {
        if (!DifferentiableMethods.IsContinuous(method))
        {
            return DifferentiableSearch.ScorePath(child, genotype, selectionData);
        }

        var policy = child.Policy;
        child.Policy = trainer.Policy;
        try
        {
            return ClassifierEvaluation.ScoreWithBatchStatistics(child, selectionData);
        }
        finally
        {
            child.Policy = policy;
        }
    }

    /// <summary>The operations the split edge leaves as sub-supernets (for progress messages).</summary>
    public static IReadOnlyList<Nb201Operation> SplitOperations(Nb201Supernet parent, int splitEdge)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.EdgeSpace.Allowed(splitEdge);
    }
}
