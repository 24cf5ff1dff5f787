namespace NasSharp.NN.Training;

/// <summary>
/// Where a <see cref="TrainingLoop{TBatch, TRecord}"/> stands after a finished epoch: epochs done (also the position of
/// every random stream, since data order and sampling are keyed by seed and epoch), one record per epoch, the training
/// seconds of all sessions, and whether an early stop ended the run.
/// </summary>
public sealed record TrainingLoopState<TRecord>(int CompletedEpochs, IReadOnlyList<TRecord> History, double Seconds, bool Stopped);
