using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// The parts of a few-shot differentiable search on images: searched on image loaders (weights, and for bilevel
/// methods architecture), each sub-supernet scored on held-out images with its inherited weights and the most accurate
/// kept (lower loss on ties): as trained (the softmax mixture) for DARTS and SNAS, its derived path for GDAS and DSNAS.
/// </summary>
public sealed class ImageFewShotPartRunner(int imageSize, DifferentiableMethod method, DataLoader weightData, DataLoader? architectureData, DataLoader selectionData)
    : IFewShotPartRunner<ClassificationScore>
{
    private readonly DataLoader weightData = weightData ?? throw new ArgumentNullException(nameof(weightData));
    private readonly DataLoader selectionData = selectionData ?? throw new ArgumentNullException(nameof(selectionData));

    public IComparer<ClassificationScore> Preference { get; } = Comparer<ClassificationScore>.Create((a, b) =>
        b.Accuracy.CompareTo(a.Accuracy) is var byAccuracy and not 0 ? byAccuracy : a.Loss.CompareTo(b.Loss));

    public ChoiceSupernet CreatePart(ChoiceSupernet parent, ChoiceSplit split, int seed)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.CreateSubSupernet(split, new FixedChoicePolicy(parent.Shapes.Select(s => new int[s.Rows]).ToArray()), new Random(seed));
    }

    public DifferentiableTrainer CreateTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, ChoiceTables? initialTables) =>
        DifferentiableSearch.CreateTrainer(supernet, options, imageSize, initialTables: initialTables);

    public DifferentiableSearchResult Search(DifferentiableTrainer trainer, Action<DifferentiableEpoch>? onEpoch, string? checkpointDirectory) =>
        DifferentiableSearch.Run(trainer, weightData, architectureData, onEpoch, checkpointDirectory);

    // A continuous method's sub-supernet is scored as it was trained, the softmax mixture: its derived path scored with
    // the inherited weights lands near chance in every sub-supernet (the discretization gap; Wang et al., ICLR 2021,
    // "Rethinking architecture selection in differentiable NAS"), which would make the choice among them a lottery.
    // GDAS and DSNAS train single paths, so the derived path itself is scored.
    public ClassificationScore Score(DifferentiableTrainer trainer, DifferentiableSearchResult search)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(search);
        var child = trainer.Supernet;
        if (!DifferentiableMethods.IsContinuous(method))
        {
            return DifferentiableSearch.ScorePath(child, search.Path, selectionData);
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
