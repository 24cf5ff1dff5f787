using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The loss of one batch: <paramref name="Objective"/> is what the step back-propagates (the task loss plus any
/// regularizer, e.g. temporal activation regularization of a language model), <paramref name="Loss"/> the task loss
/// alone (recorded and checked for divergence), <paramref name="Correct"/> the correct predictions (0 where the task
/// has no accuracy).
/// </summary>
public readonly record struct TaskLoss(Tensor Objective, Tensor Loss, int Correct);
