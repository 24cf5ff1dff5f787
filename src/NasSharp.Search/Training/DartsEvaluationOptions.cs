namespace NasSharp.Search.Training;

/// <summary>
/// DARTS's recipe for training a found cell's network from scratch (Liu et al. 2019, section 3.3; train.py): SGD
/// momentum 0.9, lr 0.025 cosine to 0 per epoch, weight decay 3e-4, gradient clip 5, batch 96, 600 epochs, auxiliary
/// loss weight 0.4, drop path probability ramped linearly from 0 to 0.2 over the epochs (cutout is left out).
/// </summary>
public sealed record DartsEvaluationOptions
{
    public int Epochs { get; init; } = 600;

    public int BatchSize { get; init; } = 96;

    public float LearningRate { get; init; } = 0.025f;

    public float Momentum { get; init; } = 0.9f;

    public float WeightDecay { get; init; } = 3e-4f;

    public float GradientClip { get; init; } = 5f;

    /// <summary>Weight of the auxiliary head's loss (used when the network has the head).</summary>
    public float AuxiliaryWeight { get; init; } = 0.4f;

    /// <summary>Drop-path probability reached in the last epoch.</summary>
    public float DropPath { get; init; } = 0.2f;

    public int Seed { get; init; }

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        if (Epochs <= 0 || BatchSize <= 0 || !(LearningRate > 0) || Momentum < 0 || WeightDecay < 0 || !(GradientClip > 0) || AuxiliaryWeight < 0 || DropPath is < 0 or >= 1)
        {
            throw new ArgumentException($"DARTS evaluation: epochs {Epochs} and batch {BatchSize} must be positive, lr {LearningRate} and clip {GradientClip} positive, momentum {Momentum}, weight decay {WeightDecay} and auxiliary weight {AuxiliaryWeight} non-negative, drop path {DropPath} in [0, 1).");
        }
    }
}
