namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// The recipe of <see cref="LanguageModelTraining"/>, PyTorch's word_language_model defaults: batch 20,
/// truncated back-propagation over 35 steps, plain SGD at learning rate 20 divided by 4 after every epoch
/// whose validation loss does not improve, gradient norm clipped at 0.25, evaluation with batch 10.
/// </summary>
public sealed record LanguageModelTrainingOptions
{
    public int Epochs { get; init; } = 4;

    public int BatchSize { get; init; } = 20;

    public int EvalBatchSize { get; init; } = 10;

    public int Bptt { get; init; } = 35;

    public double LearningRate { get; init; } = 20;

    public double GradientClip { get; init; } = 0.25;

    /// <summary>The learning rate is divided by this after an epoch without validation improvement.</summary>
    public double AnnealFactor { get; init; } = 4;

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        if (Epochs <= 0 || BatchSize <= 0 || EvalBatchSize <= 0 || Bptt <= 0)
        {
            throw new ArgumentException($"Language model training: epochs ({Epochs}), batch sizes ({BatchSize}, {EvalBatchSize}) and bptt ({Bptt}) must be positive.");
        }

        if (!(LearningRate > 0) || !(GradientClip > 0) || !(AnnealFactor >= 1))
        {
            throw new ArgumentException($"Language model training: learning rate ({LearningRate}) and clip ({GradientClip}) must be positive, the anneal factor ({AnnealFactor}) at least 1.");
        }
    }
}
