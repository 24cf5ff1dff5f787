using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// One sub-supernet of a few-shot differentiable search: its split, the trained sub-supernet (whose weights the
/// derived architecture inherits), its trainer, its search, and how it scored for the choice among the parts.
/// </summary>
public sealed record FewShotPart<TScore>(ChoiceSplit Split, string SplitName, ChoiceSupernet Supernet, DifferentiableTrainer Trainer, DifferentiableSearchResult Search, TScore Selection);
