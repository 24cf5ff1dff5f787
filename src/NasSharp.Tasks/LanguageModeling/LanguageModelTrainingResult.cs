namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// The outcome of <see cref="LanguageModelTraining.Run"/>: every epoch, and the test loss of the weights of the best
/// validation epoch (which the model holds afterwards: averaged weights when that epoch came after the switch to
/// averaged SGD). <see cref="AsgdSwitchEpoch"/> is the epoch whose validation switched to averaged SGD (the epochs after
/// it train with it), null when it never did.
/// </summary>
public sealed record LanguageModelTrainingResult(IReadOnlyList<LanguageModelEpochReport> Epochs, int BestEpoch, double BestValidLoss, double TestLoss, double Seconds, int? AsgdSwitchEpoch = null)
{
    public double BestValidPerplexity => Math.Exp(BestValidLoss);

    public double TestPerplexity => Math.Exp(TestLoss);
}
