namespace NasSharp.Tasks.Forecasting;

/// <summary>The outcome of <see cref="ForecastTraining.Run"/>: every epoch, the epoch with the lowest validation RSE (whose weights the model holds afterwards), its validation and test scores.</summary>
public sealed record ForecastTrainingResult(
    IReadOnlyList<ForecastEpochReport> Epochs,
    int BestEpoch,
    double ValidRse,
    double ValidCorr,
    double TestRse,
    double TestCorr,
    double Seconds);
