namespace NasSharp.Search.Training;

/// <summary>
/// Hyperparameters of a differentiable search. Defaults are DARTS's (Liu et al. 2019, section 3.1.1; PAPERS.md):
/// weights by SGD momentum 0.9, lr 0.025 cosine to 0.001 over the epochs, weight decay 3e-4, gradient norm clip 5;
/// alpha by Adam lr 3e-4, betas (0.5, 0.999), weight decay 1e-3; alpha initialised as 1e-3 * N(0, 1). The NB201
/// paper runs DARTS and GDAS with these too. Temperatures: GDAS anneals tau linearly from 10 to 0.1 (Dong &amp;
/// Yang 2019); SNAS from 1 to 0.03 (Xie et al. 2019 anneal from 1; the floor is this implementation's choice).
/// </summary>
public sealed record DifferentiableSearchOptions
{
    public DifferentiableMethod Method { get; init; } = DifferentiableMethod.Darts;

    /// <summary>Passes over the weight data (the cosine schedule and the temperature run over them).</summary>
    public int Epochs { get; init; } = 50;

    public float WeightLearningRate { get; init; } = 0.025f;

    public float WeightLearningRateMin { get; init; } = 0.001f;

    public float WeightMomentum { get; init; } = 0.9f;

    /// <summary>SGD (DARTS) or Adam (forecasting, RECURRENT.md 2.5) for the weights.</summary>
    public WeightAlgorithm WeightAlgorithm { get; init; } = WeightAlgorithm.Sgd;

    public float WeightDecay { get; init; } = 3e-4f;

    /// <summary>Global L2 norm at which weight gradients are clipped.</summary>
    public float GradientClip { get; init; } = 5f;

    public float ArchitectureLearningRate { get; init; } = 3e-4f;

    public float ArchitectureBeta1 { get; init; } = 0.5f;

    public float ArchitectureBeta2 { get; init; } = 0.999f;

    public float ArchitectureWeightDecay { get; init; } = 1e-3f;

    /// <summary>
    /// Learning rate of the gains' own Adam (<see cref="Supernets.Choices.ChoiceSupernet.Gains"/>: a grown darts-rnn
    /// cell's output weights omega, a tib cell's gates gamma); null: <see cref="ArchitectureLearningRate"/>. See <see cref="DifferentiableTrainer.GainOptimizer"/>.
    /// </summary>
    public float? GainLearningRate { get; init; }

    /// <summary>Standard deviation of the initial alpha (DARTS: 1e-3).</summary>
    public float AlphaInitScale { get; init; } = 1e-3f;

    /// <summary>Initial Gumbel temperature (null: 10 for GDAS, 1 for SNAS).</summary>
    public float? TemperatureMax { get; init; }

    /// <summary>Final Gumbel temperature (null: 0.1 for GDAS, 0.03 for SNAS).</summary>
    public float? TemperatureMin { get; init; }

    /// <summary>
    /// Weight lambda of the expected-FLOPs term added to the architecture loss: lambda * E_p[cell FLOPs] /
    /// (cell FLOPs with every edge nor_conv_3x3), so the term lies in [0, lambda]. 0 turns it off. DSNAS uses one.
    /// </summary>
    public float FlopsPenalty { get; init; }

    /// <summary>
    /// DARTS+ early stopping (Liang et al. 2019, section 3.2): stop at the end of the first epoch whose derived cell
    /// has at least this many skip connections, keeping that epoch's architecture. Null: off.
    /// </summary>
    public int? EarlyStopSkipConnections { get; init; }

    /// <summary>Seed of alpha's initialisation and of the policies' samples.</summary>
    public int Seed { get; init; }

    /// <summary>The Gumbel temperature in epoch <paramref name="epoch"/>: linear from max to min over the epochs.</summary>
    public float Temperature(int epoch)
    {
        var (max, min) = Method == DifferentiableMethod.Snas ? (TemperatureMax ?? 1f, TemperatureMin ?? 0.03f) : (TemperatureMax ?? 10f, TemperatureMin ?? 0.1f);
        return Epochs <= 1 ? max : max - ((max - min) * Math.Min(epoch, Epochs - 1) / (Epochs - 1));
    }

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        static void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"Differentiable search: {what}.");
            }
        }

        Check(Epochs > 0, $"epochs must be positive, got {Epochs}");
        Check(WeightLearningRate > 0 && WeightLearningRateMin >= 0 && WeightLearningRateMin <= WeightLearningRate, $"weight learning rates must satisfy 0 <= min ({WeightLearningRateMin}) <= max ({WeightLearningRate}), max > 0");
        Check(ArchitectureLearningRate > 0, $"architecture learning rate must be positive, got {ArchitectureLearningRate}");
        Check(GainLearningRate is null || (GainLearningRate > 0 && float.IsFinite(GainLearningRate.Value)), $"gain learning rate must be positive, got {GainLearningRate}");
        Check(GradientClip > 0, $"gradient clip must be positive, got {GradientClip}");
        Check(FlopsPenalty >= 0 && float.IsFinite(FlopsPenalty), $"FLOPs penalty must be non-negative, got {FlopsPenalty}");
        Check(EarlyStopSkipConnections is null or > 0, $"early-stop skip count must be positive, got {EarlyStopSkipConnections}");
        Check(TemperatureMax is null or > 0 && TemperatureMin is null or > 0, "temperatures must be positive");
    }
}
