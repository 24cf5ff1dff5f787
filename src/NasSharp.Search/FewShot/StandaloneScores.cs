namespace NasSharp.Search.FewShot;

/// <summary>What stand-alone training measured of a network of any space: accuracies in percent (test, held-out validation, last training epoch), test loss, training seconds.</summary>
public sealed record StandaloneScores(double TestAccuracy, double TestLoss, double ValidationAccuracy, double TrainAccuracy, double Seconds);
