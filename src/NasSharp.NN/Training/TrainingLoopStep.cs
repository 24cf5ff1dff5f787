namespace NasSharp.NN.Training;

/// <summary>One finished step of a <see cref="TrainingLoop{TBatch, TRecord}"/>: 0-based epoch and batch, the step's metrics and the epoch's sums so far.</summary>
public readonly record struct TrainingLoopStep(int Epoch, int Batch, int Batches, StepMetrics Metrics, EpochSums Sums);
