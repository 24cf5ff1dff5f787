namespace NasSharp.Tasks.Forecasting;

/// <summary>One finished forecasting epoch: the mean training loss (scaled units), validation RSE and CORR (data units), throughput and time.</summary>
public sealed record ForecastEpochReport(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double ValidRse,
    double ValidCorr,
    double SamplesPerSecond,
    double Seconds,
    double SecondsLeft);
