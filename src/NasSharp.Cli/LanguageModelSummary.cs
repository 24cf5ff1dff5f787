namespace NasSharp.Cli;

/// <summary>
/// What <c>nas train --task lm</c> reports: summary.json and, with --json, the last line. <see cref="AsgdSwitchEpoch"/>:
/// with --asgd, the epoch whose validation switched to averaged SGD (null: it never did).
/// </summary>
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
    bool RandomBptt,
    bool Asgd,
    int? AsgdSwitchEpoch,
    int TrainTokens,
    int BestEpoch,
    double ValidPerplexity,
    double TestPerplexity,
    double[] ValidPerplexityByEpoch,
    double TokensPerSecond,
    double Seconds,
    string RunDirectory);
