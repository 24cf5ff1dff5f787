namespace NasSharp.Cli;

/// <summary>What <c>nas train --task lm</c> reports: summary.json and, with --json, the last line.</summary>
internal sealed record LanguageModelSummary(
    string Task,
    string Model,
    int Vocabulary,
    int Hidden,
    int Layers,
    double Dropout,
    bool Tied,
    long Parameters,
    int Epochs,
    int Batch,
    int Bptt,
    double LearningRate,
    int TrainTokens,
    int BestEpoch,
    double ValidPerplexity,
    double TestPerplexity,
    double[] ValidPerplexityByEpoch,
    double TokensPerSecond,
    double Seconds,
    string RunDirectory);
