namespace NasSharp.Search.Training;

/// <summary>
/// The recipe of <see cref="SupernetTraining"/>: NAS-Bench-201's (SGD with Nesterov momentum 0.9, weight decay
/// 5e-4, learning rate 0.1 cosine-annealed to 0 per step; Dong &amp; Yang 2020, section 3) scaled down for small
/// CPU budgets: a default learning rate of 0.05 and gradient clipping at norm 5 (as NB201's weight-sharing
/// baselines clip). Immutable; a resumed run must use the same recipe, so it is recorded in every checkpoint.
/// </summary>
public sealed record SupernetTrainingOptions
{
    /// <summary>Epochs in all (the cosine schedule spans them); a resumed run continues up to this many.</summary>
    public int Epochs { get; init; } = 10;

    public float LearningRate { get; init; } = 0.05f;

    public float MinLearningRate { get; init; }

    public float Momentum { get; init; } = 0.9f;

    public float WeightDecay { get; init; } = 5e-4f;

    public bool Nesterov { get; init; } = true;

    /// <summary>Global gradient norm bound; 0 disables clipping.</summary>
    public float GradientClip { get; init; } = 5f;

    public SupernetSampling Sampling { get; init; } = SupernetSampling.Uniform;

    /// <summary>Final drop rate of <see cref="SupernetSampling.PathDropout"/>, in [0, 1).</summary>
    public double MaxDropRate { get; init; } = 0.5;

    /// <summary>Seed of the path sampling; the data order is the data loader's own seed.</summary>
    public int Seed { get; init; }

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        if (Epochs <= 0)
        {
            throw new ArgumentException($"Supernet training: epochs must be positive, got {Epochs}.");
        }

        if (!(LearningRate > 0) || !float.IsFinite(LearningRate) || MinLearningRate < 0 || MinLearningRate > LearningRate)
        {
            throw new ArgumentException($"Supernet training: need 0 <= min learning rate ({MinLearningRate}) <= learning rate ({LearningRate}), learning rate positive.");
        }

        if (Momentum < 0 || WeightDecay < 0 || GradientClip < 0)
        {
            throw new ArgumentException($"Supernet training: momentum ({Momentum}), weight decay ({WeightDecay}) and gradient clip ({GradientClip}) must not be negative.");
        }

        if (MaxDropRate is < 0 or >= 1)
        {
            throw new ArgumentException($"Supernet training: the maximum drop rate must be in [0, 1), got {MaxDropRate}.");
        }
    }
}
