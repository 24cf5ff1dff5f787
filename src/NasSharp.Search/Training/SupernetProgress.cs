namespace NasSharp.Search.Training;

/// <summary>
/// Reported after every batch of supernet training: position (1-based epoch and batch), the running mean loss
/// and accuracy (%) of the epoch so far, the learning rate used, and wall seconds of this session.
/// <see cref="EpochDone"/> marks the report after an epoch's checkpoint is written.
/// </summary>
public sealed record SupernetProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, double LearningRate, double Seconds, bool EpochDone);
