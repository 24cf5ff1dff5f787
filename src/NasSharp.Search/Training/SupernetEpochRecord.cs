namespace NasSharp.Search.Training;

/// <summary>One finished epoch of supernet training: mean training loss and accuracy (%) of the sampled paths, last learning rate, wall seconds.</summary>
public sealed record SupernetEpochRecord(int Epoch, double Loss, double Accuracy, double LearningRate, double Seconds);
