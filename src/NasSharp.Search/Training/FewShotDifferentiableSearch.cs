using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// Few-shot differentiable search on any space (Zhao et al., ICML 2021, section 4.3: "few-shot DARTS / GDAS"): run the
/// method on the one-shot supernet for <c>parentEpochs</c> (the warm-up whose weights are transferred), split it on one
/// row into one sub-supernet per open choice, each initialised from the parent's weights and alpha, run the method on
/// each for the options' epochs, and keep the sub-supernet that scores best on the selection data with its inherited
/// weights: as trained (the softmax mixture) for DARTS and SNAS, its derived path for GDAS and DSNAS.
/// </summary>
public static class FewShotDifferentiableSearch
{
    /// <summary>
    /// Runs the few-shot search. <paramref name="onStart"/> receives (part name, trainer) and <paramref name="onEpoch"/>
    /// (part name, epoch), where the part name is <c>oneshot</c> for the parent's warm-up and <c>split-ROW-CHOICE</c> otherwise.
    /// With <paramref name="checkpointDirectory"/>, every part checkpoints into its own subdirectory and resumes from it.
    /// </summary>
    public static FewShotDifferentiableResult Run(
        ChoiceSupernet parent,
        DifferentiableSearchOptions options,
        int imageSize,
        (int Group, int Row) splitRow,
        int parentEpochs,
        DataLoader weightData,
        DataLoader? architectureData,
        DataLoader selectionData,
        Action<string, DifferentiableEpoch>? onEpoch = null,
        Action<string, DifferentiableTrainer>? onStart = null,
        string? checkpointDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(options);
        if (splitRow.Group < 0 || splitRow.Group >= parent.Shapes.Count || splitRow.Row < 0 || splitRow.Row >= parent.Shapes[splitRow.Group].Rows || parentEpochs < 0)
        {
            throw new ArgumentException($"Few-shot search: split row {splitRow.Row} of group {splitRow.Group} does not exist (rows 0..{parent.Shapes[0].Rows - 1}) or parent epochs ({parentEpochs}) are negative.");
        }

        DifferentiableSearchResult? warmUp = null;
        var parentTrainer = DifferentiableSearch.CreateTrainer(parent, options with { Epochs = Math.Max(1, parentEpochs) }, imageSize);
        if (parentEpochs > 0)
        {
            onStart?.Invoke("oneshot", parentTrainer);
            warmUp = DifferentiableSearch.Run(parentTrainer, weightData, architectureData, e => onEpoch?.Invoke("oneshot", e), Part(checkpointDirectory, "oneshot"));
        }

        var parts = new List<FewShotPart>();
        foreach (var choice in parent.Mask.Open(splitRow.Group, splitRow.Row))
        {
            var split = new ChoiceSplit(splitRow.Group, splitRow.Row, choice);
            var child = parent.CreateSubSupernet(split, new FixedChoicePolicy(parent.Shapes.Select(s => new int[s.Rows]).ToArray()), new Random(options.Seed + 7 + choice));
            var trainer = DifferentiableSearch.CreateTrainer(child, options with { Seed = options.Seed + 100 + choice }, imageSize, initialTables: parentTrainer.Tables);
            var name = PartName(parent, split);
            onStart?.Invoke(name, trainer);
            var result = DifferentiableSearch.Run(trainer, weightData, architectureData, e => onEpoch?.Invoke(name, e), Part(checkpointDirectory, name));
            var score = SelectionScore(child, trainer, result.Path, options.Method, selectionData);
            parts.Add(new FewShotPart(split, parent.SplitName(split), child, trainer, result, score));
        }

        var best = parts.OrderByDescending(p => p.Selection.Accuracy).ThenBy(p => p.Selection.Loss).First();
        return new FewShotDifferentiableResult(warmUp, parts, best);
    }

    private static string? Part(string? directory, string name) => directory == null ? null : Path.Combine(directory, name);

    /// <summary>The record name of a sub-supernet's part: <c>split-ROW-CHOICE</c>.</summary>
    public static string PartName(ChoiceSupernet parent, ChoiceSplit split)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return $"split-{(split.Group == 0 ? string.Empty : split.Group + ".")}{split.Row}-{parent.ChoiceName(split.Group, split.Choice)}";
    }

    // A continuous method's sub-supernet is scored as it was trained, the softmax mixture: its derived path scored with
    // the inherited weights lands near chance in every sub-supernet (the discretization gap; Wang et al., ICLR 2021,
    // "Rethinking architecture selection in differentiable NAS"), which would make the choice among them a lottery.
    // GDAS and DSNAS train single paths, so the derived path itself is scored.
    private static ClassificationScore SelectionScore(ChoiceSupernet child, DifferentiableTrainer trainer, IReadOnlyList<int[]> path, DifferentiableMethod method, DataLoader selectionData)
    {
        if (!DifferentiableMethods.IsContinuous(method))
        {
            return DifferentiableSearch.ScorePath(child, path, selectionData);
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
}
