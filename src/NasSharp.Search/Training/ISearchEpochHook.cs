namespace NasSharp.Search.Training;

/// <summary>
/// Work a differentiable search (<see cref="DifferentiableStepProcedure{TBatch}"/>) runs between epochs without knowing what it is: growth
/// events of a growing supernet (RECURRENT.md 2.4: between minibatches, never inside Forward), per-epoch random
/// streams of the task. Its state travels in the search checkpoint, and is restored before the tensors so that a
/// grown supernet has its grown shape when its weights are loaded.
/// </summary>
public interface ISearchEpochHook
{
    /// <summary>Before the first step of <paramref name="epoch"/> (0-based).</summary>
    void BeginEpoch(DifferentiableTrainer trainer, int epoch);

    /// <summary>After <paramref name="record"/> is made, before the checkpoint is written and the record reported.</summary>
    void EndEpoch(DifferentiableTrainer trainer, DifferentiableEpoch record);

    /// <summary>The hook's state as text (JSON), stored in the checkpoint.</summary>
    string SaveState();

    /// <summary>Rebuilds the state saved by <see cref="SaveState"/> (and the supernet's shape) before the tensors are loaded.</summary>
    void RestoreState(DifferentiableTrainer trainer, string state);
}
