namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// Where a forecaster's training stands after a finished epoch, stored in its checkpoint: the epochs done, every epoch's
/// report so far, the best validation epoch (0 before any), the training seconds spent, and the fingerprint of the
/// recipe, series and model it belongs to.
/// </summary>
public sealed record ForecastTrainingProgress(int CompletedEpochs, IReadOnlyList<ForecastEpochReport> History, int BestEpoch, double Seconds, string Fingerprint);
