namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// Where a language model's training stands after a finished epoch, stored in its checkpoint: the epochs done, every
/// epoch's report so far, the best validation epoch (0 before any), the learning rate of the next epoch (annealed),
/// the epoch whose validation switched NT-ASGD to averaged SGD (null before), the training seconds spent, and the
/// fingerprint of the recipe, data and model it belongs to.
/// </summary>
public sealed record LanguageModelTrainingProgress(int CompletedEpochs, IReadOnlyList<LanguageModelEpochReport> History, int BestEpoch, float LearningRate, int? SwitchEpoch, double Seconds, string Fingerprint);
