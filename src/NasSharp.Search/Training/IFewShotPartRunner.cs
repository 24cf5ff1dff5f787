using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// The task's half of a few-shot differentiable search (<see cref="FewShotDifferentiableSearch"/>): how each part (the
/// one-shot warm-up, then one sub-supernet per choice of the split row) is built, searched on the task's data and
/// scored for the choice among the sub-supernets. The orchestration (warm-up, split, transfer of weights and alpha,
/// train each part, keep the best) is the same for every task; images score a part by accuracy on held-out images
/// (<see cref="ImageFewShotPartRunner"/>), the recurrent tasks by the alpha-stream loss.
/// </summary>
/// <typeparam name="TScore">What a part is chosen by.</typeparam>
public interface IFewShotPartRunner<TScore>
{
    /// <summary>Orders scores best first: the chosen sub-supernet is the first of the parts sorted by it (the earliest on ties).</summary>
    IComparer<TScore> Preference { get; }

    /// <summary>The sub-supernet of <paramref name="parent"/> restricted by <paramref name="split"/>, with a copy of the parent's weights; <paramref name="seed"/> keys its own random draws.</summary>
    ChoiceSupernet CreatePart(ChoiceSupernet parent, ChoiceSplit split, int seed);

    /// <summary>The method's step procedure on <paramref name="supernet"/>, its alpha copied from <paramref name="initialTables"/> when given (a sub-supernet inherits its parent's).</summary>
    DifferentiableTrainer CreateTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, ChoiceTables? initialTables);

    /// <summary>Runs the search of one part on the task's data, checkpointing into (and resuming from) <paramref name="checkpointDirectory"/> when given.</summary>
    DifferentiableSearchResult Search(DifferentiableTrainer trainer, Action<DifferentiableEpoch>? onEpoch, string? checkpointDirectory);

    /// <summary>The score of a searched sub-supernet, with the weights it was trained to.</summary>
    TScore Score(DifferentiableTrainer trainer, DifferentiableSearchResult search);
}
