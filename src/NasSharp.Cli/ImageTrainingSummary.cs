namespace NasSharp.Cli;

/// <summary>What <c>nas train --task image</c> reports: summary.json and, with --json, the last line. Accuracies in percent.</summary>
internal sealed record ImageTrainingSummary(
    string Task,
    string Space,
    string Genotype,
    string Dataset,
    int? Channels,
    int? Cells,
    long Parameters,
    int Epochs,
    [property: System.Text.Json.Serialization.JsonPropertyName("batch_size")] int Batch,
    double LearningRate,
    int TrainImages,
    int TestImages,
    double TrainAccuracy,
    double TestAccuracy,
    double TestLoss,
    double ImagesPerSecond,
    double Seconds,
    string RunDirectory,
    string ModelDirectory);
