using System.Text.Json.Serialization;

namespace NasSharp.Cli;

/// <summary>What <c>nas train --task forecast</c> reports: summary.json and, with --json, the last line.</summary>
internal sealed record ForecastSummary(
    string Task,
    string Model,
    string Series,
    int Variables,
    int Window,
    int Horizon,
    int Hidden,
    int Layers,
    double Dropout,
    string Loss,
    long Parameters,
    int Epochs,
    int Batch,
    double LearningRate,
    int TrainWindows,
    int BestEpoch,
    double ValidRse,
    double ValidCorr,
    double TestRse,
    double TestCorr,
    double Seconds,
    string RunDirectory)
{
    /// <summary>A searched cell's --tib-bound (h_t = tanh(s_N)); not written for an LSTM or GRU.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TibBound { get; init; }
}
