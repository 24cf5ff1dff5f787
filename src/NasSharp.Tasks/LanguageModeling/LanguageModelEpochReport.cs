namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// One finished language-model epoch: mean token cross-entropy (nats) and perplexity exp(loss) on the
/// training stream (running, over the epoch's windows) and the validation stream, the learning rate the epoch
/// used, throughput over training time, and the time per epoch and left.
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
    public double TrainPerplexity => Math.Exp(TrainLoss);

    public double ValidPerplexity => Math.Exp(ValidLoss);
}
