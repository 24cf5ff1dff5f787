namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// One finished language-model epoch: mean token cross-entropy (nats) and perplexity exp(loss) on the
/// training stream (running, over the epoch's windows) and the validation stream, the learning rate the epoch
/// used, throughput over training time, and the time per epoch and left. <see cref="Averaged"/>: the validation
/// scored the averaged weights of averaged SGD (NT-ASGD, after the switch).
/// </summary>
public sealed record LanguageModelEpochReport(
    int Epoch,
    int Epochs,
    double LearningRate,
    double TrainLoss,
    double ValidLoss,
    double TokensPerSecond,
    double Seconds,
    double SecondsLeft)
{
    public bool Averaged { get; init; }

    public double TrainPerplexity => Math.Exp(TrainLoss);

    public double ValidPerplexity => Math.Exp(ValidLoss);
}
