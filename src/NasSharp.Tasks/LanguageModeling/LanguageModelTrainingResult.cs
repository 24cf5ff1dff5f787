namespace NasSharp.Tasks.LanguageModeling;

/// <summary>The outcome of <see cref="LanguageModelTraining.Run"/>: every epoch, and the test loss of the weights of the best validation epoch (which the model holds afterwards).</summary>
public sealed record LanguageModelTrainingResult(IReadOnlyList<LanguageModelEpochReport> Epochs, int BestEpoch, double BestValidLoss, double TestLoss, double Seconds)
{
    public double BestValidPerplexity => Math.Exp(BestValidLoss);

    public double TestPerplexity => Math.Exp(TestLoss);
}
