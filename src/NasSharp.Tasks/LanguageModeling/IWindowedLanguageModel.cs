using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// A language model as <see cref="LanguageModelTraining"/> reads a token stream (truncated back-propagation through
/// time): one <see cref="BpttWindow"/> at a time, each from the state the previous window of the same pass left (cut
/// from the graph), zeros after <see cref="ResetState"/>. <see cref="WordLanguageModel"/> is one; a searched recurrent
/// cell inside its language model is another (NasSharp.Search), so both train by the one recipe.
/// </summary>
public interface IWindowedLanguageModel
{
    /// <summary>The model's module: its parameters, its training/evaluation mode, its state dict.</summary>
    Module Module { get; }

    /// <summary>
    /// Restarts the stream of the model's training-mode draws (every dropout mask) from <paramref name="seed"/>. The
    /// training calls it before every epoch with a seed keyed by (seed, epoch), so a run resumed from an epoch's
    /// checkpoint draws exactly what the uninterrupted run drew.
    /// </summary>
    void RekeyDraws(int seed);

    /// <summary>Forgets the carried state; the next window starts from zeros.</summary>
    void ResetState();

    /// <summary>
    /// Runs <paramref name="window"/> in the module's current mode from the carried state and carries its final state
    /// on; returns the mean token cross-entropy and the objective to back-propagate (the loss plus the model's
    /// regularizers in training mode).
    /// </summary>
    (Tensor Loss, Tensor Objective) Forward(BpttWindow window);
}
